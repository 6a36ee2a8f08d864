"""Reads of the accounts domain, each limited to what the viewer may see."""

from collections.abc import Iterable
from typing import Any

import rules
from django.db.models import Q, QuerySet

from .enums import MembershipState, RequestState
from .models import OrganisationMembership, OrganisationRequest, User
from .rules import associations_facilitated_by


def claims_for_viewer(*, viewer: Any) -> list[OrganisationMembership]:
    """Pending claims the viewer may decide: their own organisations' and their members'."""
    pending = OrganisationMembership.objects.filter(state=MembershipState.PENDING).select_related(
        "user", "authority", "association"
    )
    if not rules.has_perm("accounts.review_organisation_request", viewer) and not (
        OrganisationMembership.objects.filter(user=viewer, state=MembershipState.VERIFIED).exists()
    ):
        return []
    if not getattr(viewer, "is_secretariat", False):
        mine = OrganisationMembership.objects.filter(user=viewer, state=MembershipState.VERIFIED)
        facilitated = associations_facilitated_by(viewer)
        pending = pending.filter(
            Q(authority_id__in=mine.values("authority_id"))
            | Q(association_id__in=mine.values("association_id"))
            | Q(authority__memberships__association_id__in=facilitated)
            | Q(association_id__in=facilitated)
            | Q(association__memberships_held__association_id__in=facilitated)
        ).distinct()
    return [
        claim
        for claim in pending.order_by("created_at")
        if rules.has_perm("accounts.decide_claim", viewer, claim)
    ]


def organisation_requests_for_viewer(*, viewer: Any) -> QuerySet[OrganisationRequest]:
    if not rules.has_perm("accounts.review_organisation_request", viewer):
        return OrganisationRequest.objects.none()
    return (
        OrganisationRequest.objects.filter(state=RequestState.PENDING)
        .select_related("requested_by", "country")
        .order_by("created_at")
    )


def staff_of(*, organisation: Any) -> QuerySet[OrganisationMembership]:
    from pobratym.directory.models import Authority

    key = (
        Q(authority=organisation)
        if isinstance(organisation, Authority)
        else Q(association=organisation)
    )
    return (
        OrganisationMembership.objects.filter(
            key, state__in=[MembershipState.PENDING, MembershipState.VERIFIED]
        )
        .select_related("user")
        .order_by("state", "user__email")
    )


def verified_editors(
    *, authority_ids: Iterable[int] = (), association_ids: Iterable[int] = ()
) -> list[User]:
    """Active users with a verified membership of any of these organisations, each once: the
    people e-mails about an organisation's business go to."""
    memberships = OrganisationMembership.objects.filter(state=MembershipState.VERIFIED).filter(
        Q(authority_id__in=list(authority_ids)) | Q(association_id__in=list(association_ids))
    )
    return list(
        User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("pk")
    )
