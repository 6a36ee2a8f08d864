"""Exchange API: needs, offers and the sector taxonomy, as the viewer may see them."""

from datetime import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from pobratym.core.api import Pagination, RecordId, Router
from pobratym.core.errors import NotFound

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


class NeedOut(Schema):
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

    @staticmethod
    def resolve_sectors(need: Need) -> list[str]:
        return [sector.code for sector in need.sectors.all()]

    @staticmethod
    def resolve_items(need: Need) -> list[ItemOut]:
        return [ItemOut(name=i.name, quantity=i.quantity, unit=i.unit) for i in need.items.all()]


class OfferOut(Schema):
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
    def resolve_sectors(offer: Offer) -> list[str]:
        return [sector.code for sector in offer.sectors.all()]

    @staticmethod
    def resolve_staff_languages(offer: Offer) -> list[str]:
        return offer.staff_language_codes

    @staticmethod
    def resolve_items(offer: Offer) -> list[ItemOut]:
        return [ItemOut(name=i.name, quantity=i.quantity, unit=i.unit) for i in offer.items.all()]


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


def _status(value: str, allowed: list[str]) -> str:
    # An unknown status filters nothing out rather than everything.
    if value in (selectors.STILL_OPEN, selectors.ANY_STATUS, *allowed):
        return value
    return selectors.STILL_OPEN


@router.get("/sectors", response=list[SectorOut])
def list_sectors(request: HttpRequest) -> object:
    return Sector.objects.filter(is_active=True).select_related("parent").order_by("position")


@router.get("/needs", response=list[NeedOut])
@paginate(Pagination)
def list_needs(request: HttpRequest, filters: Query[NeedFilterIn]) -> object:
    needs = selectors.need_list_for_viewer(
        viewer=request.user,
        filters=selectors.NeedFilters(
            query=filters.q,
            sector=filters.sector,
            country=filters.country.upper(),
            region=filters.region,
            urgency=filters.urgency or "",
            status=_status(filters.status, NeedStatus.values),
            language=filters.language,
        ),
    )
    return needs.prefetch_related("items")


@router.get("/needs/{need_id}", response=NeedOut)
def get_need(request: HttpRequest, need_id: int) -> Need:
    try:
        return selectors.need_for_viewer(pk=need_id, viewer=request.user)
    except NotFound as missing:
        raise Http404 from missing


@router.get("/offers", response=list[OfferOut])
@paginate(Pagination)
def list_offers(request: HttpRequest, filters: Query[OfferFilterIn]) -> object:
    offers = selectors.offer_list_for_viewer(
        viewer=request.user,
        filters=selectors.OfferFilters(
            query=filters.q,
            sector=filters.sector,
            country=filters.country.upper(),
            region=filters.region,
            kind=filters.kind or "",
            status=_status(filters.status, OfferStatus.values),
            language=filters.language,
        ),
    )
    return offers.prefetch_related("items")


@router.get("/offers/{offer_id}", response=OfferOut)
def get_offer(request: HttpRequest, offer_id: int) -> Offer:
    try:
        return selectors.offer_for_viewer(pk=offer_id, viewer=request.user)
    except NotFound as missing:
        raise Http404 from missing
