"""Every permission of the platform, in one place, shared by pages, admin actions and the API.

Roles: an editor acts for their own organisation; a facilitator is staff of an association and
acts for its member organisations; the secretariat may do everything; the public only reads.
Every role here needs a verified membership: a pending claim grants nothing.
"""

from collections.abc import Callable, Iterable
from typing import Any

import rules
from django.db.models import Q

from pobratym.directory.models import Association, Authority, Membership
from pobratym.directory.organisations import ASSOCIATION, AUTHORITY, organisation_kind

from .enums import MembershipState, Role
from .models import OrganisationMembership, User
from .role_memo import remembered, remembered_each


def _verified(user: Any) -> Any:
    return OrganisationMembership.objects.filter(user=user, state=MembershipState.VERIFIED)


def _verified_roles(user: Any) -> list[tuple[int | None, int | None, str]]:
    """The user's verified memberships as (authority id, association id, role): one query,
    once per page (role_memo)."""
    return remembered(
        ("verified_roles", user.pk),
        lambda: list(_verified(user).values_list("authority_id", "association_id", "role")),
    )


def associations_facilitated_by(user: Any) -> list[int]:
    """Ids of the associations the user is a verified facilitator of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        association_id
        for _authority_id, association_id, role in _verified_roles(user)
        # A facilitator always works for an association (a constraint): never None here.
        if role == Role.FACILITATOR and association_id is not None
    ]


def _associations_by_organisation(
    keys: list[tuple[str, int]],
) -> dict[tuple[str, int], set[int]]:
    """associations_of for each organisation key, in one query for them all."""
    authority_ids = [pk for kind, pk in keys if kind == AUTHORITY]
    association_ids = [pk for kind, pk in keys if kind == ASSOCIATION]
    found: dict[tuple[str, int], set[int]] = {
        key: {key[1]} if key[0] == ASSOCIATION else set() for key in keys
    }
    memberships = Membership.objects.filter(
        Q(authority_id__in=authority_ids) | Q(member_association_id__in=association_ids)
    ).values_list("authority_id", "member_association_id", "association_id")
    for authority_id, member_association_id, association_id in memberships:
        if authority_id is not None:
            found[(AUTHORITY, authority_id)].add(association_id)
        else:
            found[(ASSOCIATION, member_association_id)].add(association_id)
    return found


def associations_of_any(organisations: Iterable[Any]) -> set[int]:
    """The associations any of the organisations belongs to, and those of them that are
    associations (associations_of for each, joined): one query for them all, none for those
    already looked up in the page (role_memo)."""
    keys = sorted({(kind, o.pk) for o in organisations if (kind := organisation_kind(o))})
    if not keys:
        return set()
    return set().union(*remembered_each(keys, _associations_by_organisation).values())


def associations_of(organisation: Any) -> set[int]:
    """The associations an organisation belongs to, and the association itself."""
    return associations_of_any([organisation])


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_secretariat)


@rules.predicate
def has_verified_membership(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and _verified_roles(user))


@rules.predicate
def is_facilitator(user: Any) -> bool:
    return bool(associations_facilitated_by(user))


@rules.predicate
def is_editor_of(user: Any, organisation: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return False
    if isinstance(organisation, Authority):
        return any(authority_id == organisation.pk for authority_id, _, _ in _verified_roles(user))
    if isinstance(organisation, Association):
        return any(
            association_id == organisation.pk for _, association_id, _ in _verified_roles(user)
        )
    return False


@rules.predicate
def is_facilitator_for(user: Any, organisation: Any) -> bool:
    facilitated = associations_facilitated_by(user)
    return bool(facilitated) and bool(set(facilitated) & associations_of(organisation))


@rules.predicate
def decides_for_claim(user: Any, membership: Any) -> bool:
    """Existing verified editors and the facilitators of a claimed organisation decide on it."""
    if membership is None or membership.user_id == getattr(user, "pk", None):
        return False
    organisation = membership.organisation
    if membership.role == Role.FACILITATOR:
        # Facilitating grants curation of every member organisation: only facilitators pass it on.
        return bool(is_facilitator_for(user, organisation))
    return bool(is_editor_of(user, organisation) or is_facilitator_for(user, organisation))


@rules.predicate
def facilitates_member(user: Any, membership: Any) -> bool:
    return membership is not None and bool(is_facilitator_for(user, membership.organisation))


can_curate = is_secretariat | is_facilitator_for

# Other domains grant sight of an organisation's contact persons (partnerships: the other side,
# once both accepted). They register here because accounts must not import them.
_contact_grants: list[Callable[[Any, Any], bool]] = []


def grant_contacts_to(grant: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """Register `grant(user, organisation)`: True when the user may see its contact persons."""
    _contact_grants.append(grant)
    return grant


@rules.predicate
def granted_contacts(user: Any, organisation: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return False
    return any(grant(user, organisation) for grant in _contact_grants)


rules.add_perm("directory.curate", can_curate)
rules.add_perm("directory.merge", can_curate)
rules.add_perm("directory.edit_profile", is_editor_of | can_curate)
rules.add_perm("directory.manage_contacts", is_editor_of | can_curate)
# Contact persons: the organisation's own verified members, facilitators of an association it
# belongs to, the secretariat, and whoever another domain grants them to (see above).
rules.add_perm("directory.view_contacts", is_editor_of | can_curate | granted_contacts)
rules.add_perm("accounts.invite_member", is_editor_of | can_curate)
rules.add_perm("accounts.decide_claim", is_secretariat | decides_for_claim)
rules.add_perm("accounts.remove_member", is_secretariat | facilitates_member)
rules.add_perm("accounts.review_organisation_request", is_secretariat | is_facilitator)
rules.add_perm("core.view_audit", is_secretariat)


def needs_two_factor(user: User) -> bool:
    """Facilitators and the secretariat must sign in with a second factor."""
    return bool(is_secretariat(user) or is_facilitator(user))
