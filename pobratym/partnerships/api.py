"""Partnerships API (read-only): the partnerships the viewer may see, with what they hold.

Never contacts, messages, signed documents or who changed what: those stay on the pages, for
the people who work on the partnership.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import paginate

from pobratym.core.api import Pagination, Router
from pobratym.core.web import visible_or_404

from .models import (
    Activity,
    Agreement,
    Delivery,
    DeliveryItem,
    FollowUp,
    Partnership,
    Project,
    StateChange,
)
from .selectors.deliveries import deliveries_shown
from .selectors.partnerships import (
    linked_records_prefetch,
    partnership_for_viewer,
    partnership_list_for_viewer,
)

router = Router(tags=["partnerships"])


class PartyOut(Schema):
    authority_id: int | None
    association_id: int | None
    name: str
    is_initiator: bool


class StateChangeOut(Schema):
    from_state: str
    to_state: str
    at: datetime
    imported: bool


class FollowUpOut(Schema):
    text: str
    owner: str
    due_on: date | None
    done: bool = Field(..., alias="is_done")


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    starts_on: date
    ends_on: date | None
    place: str
    followups: list[FollowUpOut]

    @staticmethod
    def resolve_followups(activity: Activity) -> list[FollowUp]:
        return list(activity.followups.all())


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    signed_on: date | None
    valid_until: date | None
    renewal_on: date | None
    priority_directions: list[str]
    has_document: bool

    @staticmethod
    def resolve_priority_directions(agreement: Agreement) -> list[str]:
        return [sector.code for sector in agreement.sectors.all()]

    @staticmethod
    def resolve_has_document(agreement: Agreement) -> bool:
        return bool(agreement.document)


class DeliveryItemOut(Schema):
    name: str
    quantity: Decimal
    unit: str
    need_item_id: int | None = Field(description="The needed item this line covers.")
    offer_item_id: int | None = Field(description="The offered item this line gives.")


class DeliveryOut(Schema):
    id: int
    recipient_id: int
    need_id: int | None
    offer_id: int | None
    sectors: list[str] = Field(description="Codes of the sectors this delivery counts under.")
    state: str
    pledged_on: date
    shipped_on: date | None
    received_on: date | None
    items: list[DeliveryItemOut]

    @staticmethod
    def resolve_items(delivery: Delivery) -> list[DeliveryItem]:
        return list(delivery.items.all())

    @staticmethod
    def resolve_sectors(delivery: Delivery) -> list[str]:
        return [sector.code for sector in delivery.sectors.all()]


class ProjectOut(Schema):
    id: int
    title: str
    budget_eur: Decimal | None
    funding_source: str
    status: str
    dream_id: str
    need_ids: list[int]

    @staticmethod
    def resolve_need_ids(project: Project) -> list[int]:
        return [need.pk for need in project.needs.all()]


class PartnershipOut(Schema):
    id: int
    kind: str
    state: str
    source: str
    visibility: str
    sectors: list[str]
    parties: list[PartyOut]
    facilitator_ids: list[int]
    need_ids: list[int]
    offer_ids: list[int]
    updated_at: datetime

    @staticmethod
    def resolve_sectors(partnership: Partnership) -> list[str]:
        return [sector.code for sector in partnership.sectors.all()]

    @staticmethod
    def resolve_parties(partnership: Partnership) -> list[PartyOut]:
        return [
            PartyOut(
                authority_id=party.authority_id,
                association_id=party.association_id,
                name=party.organisation.name,
                is_initiator=party.is_initiator,
            )
            for party in partnership.parties.all()
        ]

    @staticmethod
    def resolve_facilitator_ids(partnership: Partnership) -> list[int]:
        return [association.pk for association in partnership.facilitators.all()]

    # The needs and offers it answers: only their ids, of those the viewer may see.
    @staticmethod
    def resolve_need_ids(partnership: Partnership) -> list[int]:
        return [need.pk for need in partnership.needs.all()]

    @staticmethod
    def resolve_offer_ids(partnership: Partnership) -> list[int]:
        return [offer.pk for offer in partnership.offers.all()]


class PartnershipDetailOut(PartnershipOut):
    history: list[StateChangeOut]
    agreements: list[AgreementOut]
    activities: list[ActivityOut]
    deliveries: list[DeliveryOut]
    projects: list[ProjectOut]

    @staticmethod
    def resolve_history(partnership: Partnership) -> list[StateChange]:
        return list(partnership.history.all())

    @staticmethod
    def resolve_agreements(partnership: Partnership) -> list[Agreement]:
        return list(partnership.agreements.all())

    @staticmethod
    def resolve_activities(partnership: Partnership) -> list[Activity]:
        return list(partnership.activities.all())

    @staticmethod
    def resolve_deliveries(partnership: Partnership, context: dict[str, Any]) -> list[Delivery]:
        return deliveries_shown(partnership, context["request"].user)

    @staticmethod
    def resolve_projects(partnership: Partnership) -> list[Project]:
        return list(partnership.projects.all())


@router.get("/partnerships", response=list[PartnershipOut])
@paginate(Pagination)
def partnership_list(request: HttpRequest, state: str = "") -> object:
    """Partnerships the viewer may see, most recently changed first."""
    return partnership_list_for_viewer(viewer=request.user, state=state).prefetch_related(
        "facilitators", *linked_records_prefetch(request.user)
    )


@router.get("/partnerships/{partnership_id}", response=PartnershipDetailOut)
def partnership_detail(request: HttpRequest, partnership_id: int) -> object:
    """One partnership with its history, agreements, activities, deliveries and projects; the
    deliveries are those shown to the viewer."""
    return visible_or_404(partnership_for_viewer, request, partnership_id)
