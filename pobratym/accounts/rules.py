"""Every permission of the platform, in one place, shared by pages, admin actions and the API.

Roles: an editor acts for their own organisation; a facilitator is staff of an association and
acts for its member organisations; the secretariat may do everything; the public only reads.
Every role here needs a verified membership: a pending claim grants nothing.
"""

from collections.abc import Callable
from typing import Any

import rules
from django.db.models import Q

from pobratym.directory.models import Association, Authority, Membership

from .enums import MembershipState, Role
from .models import OrganisationMembership, User


def _organisation_filter(organisation: Any) -> Q:
    if isinstance(organisation, Authority):
        return Q(authority=organisation)
    if isinstance(organisation, Association):
        return Q(association=organisation)
    return Q(pk__in=[])


def _verified(user: Any) -> Any:
    return OrganisationMembership.objects.filter(user=user, state=MembershipState.VERIFIED)


def associations_facilitated_by(user: Any) -> list[int]:
    """Ids of the associations the user is a verified facilitator of."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        _verified(user).filter(role=Role.FACILITATOR).values_list("association_id", flat=True)
    )


def associations_of(organisation: Any) -> set[int]:
    """The associations an organisation belongs to, and the association itself."""
    if isinstance(organisation, Authority):
        return set(
            Membership.objects.filter(authority=organisation).values_list(
                "association_id", flat=True
            )
        )
    if isinstance(organisation, Association):
        parents = Membership.objects.filter(member_association=organisation).values_list(
            "association_id", flat=True
        )
        return {organisation.pk, *parents}
    return set()


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_secretariat)


@rules.predicate
def has_verified_membership(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and _verified(user).exists())


@rules.predicate
def is_facilitator(user: Any) -> bool:
    return bool(associations_facilitated_by(user))


@rules.predicate
def is_editor_of(user: Any, organisation: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return False
    return _verified(user).filter(_organisation_filter(organisation)).exists()


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
