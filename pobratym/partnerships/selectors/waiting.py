"""What waits for the viewer's own organisations (curation aside): interests to answer,
deliveries to confirm, follow-ups due.
"""

from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from pobratym.accounts.selectors import own_organisation_ids
from pobratym.core.viewer import Viewer

from ..enums import CLOSED_STATES, DeliveryState, PartnershipState
from ..models import Delivery, FollowUp, Partnership, PartnershipParty
from ..rules import delivery_visible
from .partnerships import parties_prefetch

# Follow-ups are listed from a week before they are due, and until they are done.
FOLLOWUPS_DUE_WITHIN = timedelta(days=7)


def _own_parties(viewer: Viewer) -> QuerySet[PartnershipParty]:
    authorities, associations = own_organisation_ids(viewer=viewer)
    return PartnershipParty.objects.filter(
        Q(authority_id__in=authorities) | Q(association_id__in=associations)
    )


def interests_to_answer(*, viewer: Viewer) -> list[Partnership]:
    """Interests expressed in the viewer's organisations that nobody has answered yet (and the
    partnerships of accepted round proposals, which either side moves on), oldest first."""
    if not viewer.is_authenticated:
        return []
    answering = _own_parties(viewer).filter(is_initiator=False).values("partnership_id")
    return list(
        Partnership.objects.filter(state=PartnershipState.INTEREST_EXPRESSED, pk__in=answering)
        .prefetch_related(parties_prefetch())
        .order_by("created_at", "pk")
    )


def deliveries_to_confirm(*, viewer: Viewer) -> list[Delivery]:
    """Deliveries shipped to the viewer's authorities whose receipt is not confirmed yet (those
    the viewer may see), shipped first first."""
    if not viewer.is_authenticated:
        return []
    authorities, _associations = own_organisation_ids(viewer=viewer)
    return list(
        Delivery.objects.filter(
            delivery_visible.q(viewer),
            state=DeliveryState.SHIPPED,
            recipient_id__in=authorities,
        )
        .select_related("partnership", "recipient", "giver__authority", "giver__association")
        .prefetch_related("items")
        .order_by("shipped_on", "pk")
    )


def followups_due(*, viewer: Viewer, today: date) -> list[FollowUp]:
    """Follow-ups not done yet of the partnerships the viewer's organisations are parties of,
    overdue or due within FOLLOWUPS_DUE_WITHIN, soonest first (closed partnerships aside)."""
    if not viewer.is_authenticated:
        return []
    return list(
        FollowUp.objects.filter(
            done_at__isnull=True,
            due_on__lte=today + FOLLOWUPS_DUE_WITHIN,
            activity__partnership_id__in=_own_parties(viewer).values("partnership_id"),
        )
        .exclude(activity__partnership__state__in=CLOSED_STATES)
        .select_related("activity__partnership")
        .prefetch_related(
            Prefetch(
                "activity__partnership__parties",
                queryset=PartnershipParty.objects.select_related("authority", "association"),
            )
        )
        .order_by("due_on", "pk")
    )
