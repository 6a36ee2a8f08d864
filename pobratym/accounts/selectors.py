"""Reads of the accounts domain, each limited to what the viewer may see."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import rules
from django.db.models import Q, QuerySet

from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Association, Authority

from .enums import MembershipState, RequestState, Role
from .models import OrganisationMembership, OrganisationRequest, User
from .rules import associations_facilitated_by, associations_of

if TYPE_CHECKING:
    from pobratym.directory.models import Association, Authority


def claims_for_viewer(*, viewer: SignedIn) -> list[OrganisationMembership]:
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


def organisation_requests_for_viewer(*, viewer: Viewer) -> QuerySet[OrganisationRequest]:
    if not rules.has_perm("accounts.review_organisation_request", viewer):
        return OrganisationRequest.objects.none()
    return (
        OrganisationRequest.objects.filter(state=RequestState.PENDING)
        .select_related("requested_by", "country")
        .order_by("created_at")
    )


def staff_of(*, organisation: Any) -> QuerySet[OrganisationMembership]:
    key = (
        Q(authority=organisation)
        if isinstance(organisation, Authority)
        else Q(association=organisation)
    )
    return (
        OrganisationMembership.objects.filter(
            key, state__in=[MembershipState.PENDING, MembershipState.VERIFIED]
        )
        # The organisation too: the page asks who may remove each member.
        .select_related("user", "authority", "association")
        .order_by("state", "user__email")
    )


def own_organisation_ids(*, viewer: Viewer) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """(authority ids, association ids) the viewer holds a verified membership of, as
    subqueries: the organisations that are the viewer's own (curation aside)."""
    if not viewer.is_authenticated:
        none = OrganisationMembership.objects.none()
        return none.values("authority_id"), none.values("association_id")
    verified = OrganisationMembership.objects.filter(user=viewer, state=MembershipState.VERIFIED)
    return (
        verified.filter(authority__isnull=False).values("authority_id"),
        verified.filter(association__isnull=False).values("association_id"),
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


def _membership_of(organisation: "Authority | Association") -> Q:
    if isinstance(organisation, Authority):
        return Q(authority=organisation)
    return Q(association=organisation)


def organisation_recipients(
    *, organisation: "Authority | Association", exclude: Any = None
) -> list[User]:
    """Who receives messages written to the organisation: its verified, active members."""
    verified = OrganisationMembership.objects.filter(
        _membership_of(organisation), state=MembershipState.VERIFIED
    )
    people = User.objects.filter(is_active=True, pk__in=verified.values("user_id"))
    if getattr(exclude, "pk", None):
        people = people.exclude(pk=exclude.pk)
    return list(people.order_by("pk"))


@dataclass(frozen=True)
class ClaimVerifiers:
    """Who verifies a claim (accounts.decide_claim): the organisation's verified editors (not
    for a facilitator's claim), the facilitators of the associations it belongs to, and the
    secretariat when none of those associations has a facilitator."""

    editors: list[User]
    associations: list["Association"]  # whose facilitators verify it
    facilitators: list[User]
    by_secretariat: bool  # no association of it has a facilitator
    secretariat: list[User]

    @property
    def people(self) -> list[User]:
        found = {user.pk: user for user in [*self.editors, *self.facilitators, *self.secretariat]}
        return list(found.values())


def claim_verifiers(membership: OrganisationMembership) -> ClaimVerifiers:
    """The people a claim goes to, and the associations whose facilitators are among them
    (the claimant never decides on their own claim)."""
    organisation = membership.organisation
    verified = OrganisationMembership.objects.filter(state=MembershipState.VERIFIED)
    active = User.objects.filter(is_active=True).exclude(pk=membership.user_id).order_by("pk")
    editors = (
        []
        if membership.role == Role.FACILITATOR  # only facilitators decide on a facilitator
        else list(
            active.filter(pk__in=verified.filter(_membership_of(organisation)).values("user_id"))
        )
    )
    facilitating = verified.filter(
        role=Role.FACILITATOR, association_id__in=associations_of(organisation)
    )
    associations = list(
        Association.objects.filter(
            pk__in=facilitating.filter(user__is_active=True).values("association_id")
        ).order_by("name")
    )
    by_secretariat = not associations
    return ClaimVerifiers(
        editors=editors,
        associations=associations,
        facilitators=list(active.filter(pk__in=facilitating.values("user_id"))),
        by_secretariat=by_secretariat,
        secretariat=list(active.filter(is_secretariat=True)) if by_secretariat else [],
    )


@dataclass(frozen=True)
class PendingClaim:
    membership: OrganisationMembership
    verifiers: ClaimVerifiers


def pending_claims_of(*, viewer: Viewer) -> list[PendingClaim]:
    """The viewer's own claims still waiting for a decision, oldest first, each with who
    verifies it."""
    if not viewer.is_authenticated:
        return []
    claims = (
        OrganisationMembership.objects.filter(user=viewer, state=MembershipState.PENDING)
        .select_related("authority", "authority__country", "association")
        .order_by("created_at", "pk")
    )
    return [PendingClaim(membership=claim, verifiers=claim_verifiers(claim)) for claim in claims]


def membership_of(
    *, viewer: Viewer, organisation: "Authority | Association"
) -> OrganisationMembership | None:
    """The viewer's pending or verified membership of the organisation, if any."""
    if not viewer.is_authenticated:
        return None
    return (
        OrganisationMembership.objects.filter(
            _membership_of(organisation),
            user=viewer,
            state__in=[MembershipState.PENDING, MembershipState.VERIFIED],
        )
        .order_by("pk")
        .first()
    )
