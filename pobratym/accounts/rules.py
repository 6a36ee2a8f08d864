"""Every permission of the platform, in one place, shared by pages, admin actions and the API.

Roles: an editor acts for their own organisation; a facilitator is staff of an association and
acts for its member organisations; the secretariat may do everything; the public only reads.
Every role here needs a verified membership: a pending claim grants nothing.
"""

from collections.abc import Callable, Iterable
from typing import Any

import rules
from django.db.models import Q

from pobratym.core.access import AccessRule
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Association, Authority, Membership
from pobratym.directory.organisations import ASSOCIATION, AUTHORITY, organisation_kind

from .enums import MembershipState, Role
from .models import OrganisationMembership, User
from .role_memo import remembered, remembered_each, remembering_within


def _verified_roles(user: SignedIn) -> list[tuple[int | None, int | None, str]]:
    """The user's verified memberships as (authority id, association id, role): one query,
    once per page (role_memo)."""
    return remembered(
        ("verified_roles", user.pk),
        lambda: list(
            OrganisationMembership.objects.filter(
                user=user, state=MembershipState.VERIFIED
            ).values_list("authority_id", "association_id", "role")
        ),
    )


def verified_organisation_ids(user: Viewer) -> tuple[list[int], list[int]]:
    """(authority ids, association ids) the user holds a verified membership of: the user's
    own organisations (curation aside), from the page's remembered roles."""
    if not user.is_authenticated:
        return [], []
    roles = _verified_roles(user)
    return (
        [authority_id for authority_id, _, _ in roles if authority_id is not None],
        [association_id for _, association_id, _ in roles if association_id is not None],
    )


def associations_facilitated_by(user: Viewer) -> list[int]:
    """Ids of the associations the user is a verified facilitator of."""
    if not user.is_authenticated:
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
def is_secretariat(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_secretariat)


@rules.predicate
def has_verified_membership(user: Viewer) -> bool:
    return bool(user.is_authenticated and _verified_roles(user))


@rules.predicate
def is_facilitator(user: Viewer) -> bool:
    return bool(associations_facilitated_by(user))


@rules.predicate
def is_editor_of(user: Viewer, organisation: Any) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    if isinstance(organisation, Authority):
        return any(authority_id == organisation.pk for authority_id, _, _ in _verified_roles(user))
    if isinstance(organisation, Association):
        return any(
            association_id == organisation.pk for _, association_id, _ in _verified_roles(user)
        )
    return False


def curates_any(user: Viewer, organisations: list[Any]) -> bool:
    """A facilitator of an association one of the organisations belongs to (or is), with one
    look-up of associations for them all."""
    facilitated = associations_facilitated_by(user)
    return bool(facilitated) and bool(set(facilitated) & associations_of_any(organisations))


@rules.predicate
def is_facilitator_for(user: Viewer, organisation: Any) -> bool:
    return curates_any(user, [organisation])


@rules.predicate
def decides_for_claim(user: Viewer, membership: Any) -> bool:
    """Existing verified editors and the facilitators of a claimed organisation decide on it."""
    if membership is None or membership.user_id == user.pk:
        return False
    organisation = membership.organisation
    if membership.role == Role.FACILITATOR:
        # Facilitating grants curation of every member organisation: only facilitators pass it on.
        return bool(is_facilitator_for(user, organisation))
    return bool(is_editor_of(user, organisation) or is_facilitator_for(user, organisation))


@rules.predicate
def facilitates_member(user: Viewer, membership: Any) -> bool:
    return membership is not None and bool(is_facilitator_for(user, membership.organisation))


can_curate = is_secretariat | is_facilitator_for


def acts_for_any(user: Viewer, organisations: list[Any]) -> bool:
    """An editor of one of the organisations, or its curator (the secretariat, a facilitator
    of an association it belongs to): one look-up of associations for them all."""
    if not user.is_authenticated:
        return False
    if any(is_editor_of(user, organisation) for organisation in organisations):
        return True
    return bool(is_secretariat(user)) or curates_any(user, organisations)


@remembering_within()
def reached_organisations(user: Viewer, *, authority: str | None, association: str | None) -> Q:
    """The records of the organisations the user acts for through a verified membership: their
    own, and those they curate as a facilitator of an association they belong to (everything
    the secretariat reaches aside). authority and association name the records' fields for
    the organisation (None: the records have no such field)."""
    reached = Q(pk__in=[])
    if not user.is_authenticated:
        return reached
    own_authorities, own_associations = verified_organisation_ids(user)
    facilitated = associations_facilitated_by(user)
    members = Membership.objects.filter(association_id__in=facilitated)
    if authority is not None:
        reached |= Q(**{f"{authority}__in": own_authorities})
        if facilitated:
            member_authorities = members.filter(authority__isnull=False).values("authority_id")
            reached |= Q(**{f"{authority}__in": member_authorities})
    if association is not None:
        reached |= Q(**{f"{association}__in": own_associations + facilitated})
        if facilitated:
            member_associations = members.filter(member_association__isnull=False).values(
                "member_association_id"
            )
            reached |= Q(**{f"{association}__in": member_associations})
    return reached


def _acts_for_q(user: Viewer, *, authority: str | None, association: str | None) -> Q:
    if user.is_authenticated and is_secretariat(user):
        return Q()
    return reached_organisations(user, authority=authority, association=association)


def _acts_for(user: Viewer, organisation: Any) -> bool:
    # No organisation: only the secretariat, which curates everything.
    return acts_for_any(user, [organisation] if organisation is not None else [])


# An organisation's editors and its curators act for it: they publish and change what it needs
# and offers, answer its proposals, take its deliveries, keep its profile and its members.
acts_for: AccessRule[Any] = AccessRule(q=_acts_for_q, check=_acts_for)

# Other domains grant sight of an organisation's contact persons (partnerships: the other side,
# once both accepted). They register here because accounts must not import them.
_contact_grants: list[Callable[[SignedIn, Any], bool]] = []


def grant_contacts_to(
    grant: Callable[[SignedIn, Any], bool],
) -> Callable[[SignedIn, Any], bool]:
    """Register `grant(user, organisation)`: True when the user may see its contact persons."""
    _contact_grants.append(grant)
    return grant


@rules.predicate
def granted_contacts(user: Viewer, organisation: Any) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return any(grant(user, organisation) for grant in _contact_grants)


rules.add_perm("directory.curate", can_curate)
rules.add_perm("directory.merge", can_curate)
rules.add_perm("directory.edit_profile", acts_for.predicate)
rules.add_perm("directory.manage_contacts", acts_for.predicate)
# Contact persons: the organisation's own verified members, facilitators of an association it
# belongs to, the secretariat, and whoever another domain grants them to (see above).
rules.add_perm("directory.view_contacts", acts_for.predicate | granted_contacts)
rules.add_perm("accounts.invite_member", acts_for.predicate)
rules.add_perm("accounts.decide_claim", is_secretariat | decides_for_claim)
rules.add_perm("accounts.remove_member", is_secretariat | facilitates_member)
rules.add_perm("accounts.review_organisation_request", is_secretariat | is_facilitator)
rules.add_perm("core.view_audit", is_secretariat)


def needs_two_factor(user: User) -> bool:
    """Facilitators and the secretariat must sign in with a second factor."""
    return bool(is_secretariat(user) or is_facilitator(user))
