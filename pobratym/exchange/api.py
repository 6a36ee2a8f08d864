"""Exchange API: needs, offers and the sector taxonomy, as the viewer may see them."""

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from pobratym.core.api import Pagination, RecordId, Router
from pobratym.core.web import visible_or_404

from . import selectors
from .enums import NeedStatus, OfferKind, OfferStatus, Urgency
from .models import Need, Offer, Sector

router = Router(tags=["exchange"])

_STATUS_HELP = '"" (default): still open; "all": any status; or one status'


class SectorOut(Schema):
    code: str
    parent: str | None = Field(None, alias="parent.code")
    label_uk: str
    label_en: str
    keywords: dict[str, list[str]]


class ItemOut(Schema):
    name: str
    quantity: Decimal
    unit: str


class _RecordOut(Schema):
    """What needs and offers answer alike: their sectors' codes and their items."""

    @staticmethod
    def resolve_sectors(record: Need | Offer) -> list[str]:
        return [sector.code for sector in record.sectors.all()]

    @staticmethod
    def resolve_items(record: Need | Offer) -> list[ItemOut]:
        return [ItemOut(name=i.name, quantity=i.quantity, unit=i.unit) for i in record.items.all()]


class NeedOut(_RecordOut):
    id: int
    authority_id: int
    authority: str = Field(..., alias="authority.name")
    title: str
    description: str
    language: str = Field(..., description="ISO 639-1, detected; empty when not recognised")
    sectors: list[str]
    urgency: str
    estimated_cost_eur: Decimal | None
    status: str
    visibility: str
    items: list[ItemOut]
    created_at: datetime


class OfferOut(_RecordOut):
    id: int
    authority_id: int | None
    association_id: int | None
    organisation: str
    kind: str
    title: str
    description: str
    language: str = Field(..., description="ISO 639-1, detected; empty when not recognised")
    sectors: list[str]
    capacity: int
    staff_languages: list[str]
    status: str
    visibility: str
    items: list[ItemOut]
    created_at: datetime

    @staticmethod
    def resolve_organisation(offer: Offer) -> str:
        return offer.organisation.name

    @staticmethod
    def resolve_staff_languages(offer: Offer) -> list[str]:
        return offer.staff_language_codes


class NeedFilterIn(Schema):
    q: str = Field("", max_length=200, description="Words in any script or case ending")
    sector: str = Field("", max_length=64, description="A sector code; its children match too")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    region: RecordId | None = None
    urgency: Urgency | None = None
    status: str = Field("", max_length=16, description=_STATUS_HELP)
    language: str = Field("", max_length=8, description="ISO 639-1")


class OfferFilterIn(Schema):
    q: str = Field("", max_length=200, description="Words in any script or case ending")
    sector: str = Field("", max_length=64, description="A sector code; its children match too")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    region: RecordId | None = None
    kind: OfferKind | None = None
    status: str = Field("", max_length=16, description=_STATUS_HELP)
    language: str = Field("", max_length=8, description="Written in it or spoken by the staff")


def _record_filters(
    filters: NeedFilterIn | OfferFilterIn, statuses: list[str]
) -> selectors.RecordFilters:
    """The filters needs and offers share, as the selectors take them."""
    # An unknown status filters nothing out rather than everything.
    known = filters.status in (selectors.STILL_OPEN, selectors.ANY_STATUS, *statuses)
    return {
        "query": filters.q,
        "sector": filters.sector,
        "country": filters.country.upper(),
        "region": filters.region,
        "status": filters.status if known else selectors.STILL_OPEN,
        "language": filters.language,
    }


@router.get("/sectors", response=list[SectorOut])
def list_sectors(request: HttpRequest) -> object:
    return Sector.objects.filter(is_active=True).select_related("parent").order_by("position")


@router.get("/needs", response=list[NeedOut])
@paginate(Pagination)
def list_needs(request: HttpRequest, filters: Query[NeedFilterIn]) -> object:
    needs = selectors.need_list_for_viewer(
        viewer=request.user,
        filters=selectors.NeedFilters(
            urgency=filters.urgency or "", **_record_filters(filters, NeedStatus.values)
        ),
    )
    return needs.prefetch_related("items")


@router.get("/needs/{need_id}", response=NeedOut)
def get_need(request: HttpRequest, need_id: int) -> Need:
    return visible_or_404(selectors.need_for_viewer, request, need_id)


@router.get("/offers", response=list[OfferOut])
@paginate(Pagination)
def list_offers(request: HttpRequest, filters: Query[OfferFilterIn]) -> object:
    offers = selectors.offer_list_for_viewer(
        viewer=request.user,
        filters=selectors.OfferFilters(
            kind=filters.kind or "", **_record_filters(filters, OfferStatus.values)
        ),
    )
    return offers.prefetch_related("items")


@router.get("/offers/{offer_id}", response=OfferOut)
def get_offer(request: HttpRequest, offer_id: int) -> Offer:
    return visible_or_404(selectors.offer_for_viewer, request, offer_id)
