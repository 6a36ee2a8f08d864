"""Reads of the exchange: what each viewer may see of needs and offers, with filters.

Visibility is the exchange's access rules (rules.py: need_visible, offer_visible), one SQL
condition each, so a list page costs the same few queries however many rows it shows.
"""

from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from pobratym.accounts.enums import MembershipState
from pobratym.core.errors import NotFound
from pobratym.core.i18n import alphabetical
from pobratym.core.viewer import Viewer
from pobratym.directory.models import Association, Authority
from pobratym.directory.selectors import text_match

from .enums import NeedStatus, OfferStatus, Urgency
from .models import Need, Offer, Sector
from .rules import need_visible, offer_visible

# The status filter's default: what is still to be met or taken up.
STILL_OPEN = ""
ANY_STATUS = "all"

# What an offer's list row and page show of the organisation behind it.
_OFFER_ORGANISATION = (
    "authority",
    "authority__country",
    "authority__region",
    "association",
    "association__country",
)

_URGENCY_RANK = Case(
    When(urgency=Urgency.CRITICAL, then=Value(0)),
    When(urgency=Urgency.HIGH, then=Value(1)),
    When(urgency=Urgency.MEDIUM, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


class RecordFilters(TypedDict):
    """The filters of needs and offers alike, as NeedFilters and OfferFilters take them."""

    query: str
    sector: str
    country: str
    region: int | None
    status: str
    language: str


@dataclass(frozen=True)
class NeedFilters:
    query: str = ""
    sector: str = ""  # a sector code; its children match too
    country: str = ""  # ISO alpha-2
    region: int | None = None
    urgency: str = ""
    status: str = STILL_OPEN  # a NeedStatus value, STILL_OPEN or ANY_STATUS
    language: str = ""
    authority: int | None = None  # the needs of this authority only


@dataclass(frozen=True)
class OfferFilters:
    query: str = ""
    sector: str = ""
    country: str = ""
    region: int | None = None
    kind: str = ""
    status: str = STILL_OPEN  # an OfferStatus value, STILL_OPEN or ANY_STATUS
    language: str = ""  # written in it, or spoken by the staff
    authority: int | None = None  # the offers of this authority only
    association: int | None = None  # the offers of this association only


def needs_visible_to(viewer: Viewer) -> QuerySet[Need]:
    """Every need the viewer may see, for other apps to narrow down."""
    return Need.objects.filter(need_visible.q(viewer))


def offers_visible_to(viewer: Viewer) -> QuerySet[Offer]:
    """Every offer the viewer may see, for other apps to narrow down."""
    return Offer.objects.filter(offer_visible.q(viewer))


def _in_sector(through: Any, owner_field: str, code: str) -> Q:
    """Records filed under the sector or any of its children."""
    filed = through.objects.filter(Q(sector__code=code) | Q(sector__parent__code=code))
    return Q(pk__in=filed.values(owner_field))


def _sectors_prefetch() -> Prefetch[Any]:
    return Prefetch("sectors", queryset=Sector.objects.order_by("position"))


def need_list_for_viewer(*, viewer: Viewer, filters: NeedFilters | None = None) -> QuerySet[Need]:
    """Needs the viewer may see, matching the filters, most urgent and newest first."""
    filters = filters or NeedFilters()
    needs = (
        needs_visible_to(viewer)
        .select_related("authority", "authority__country", "authority__region")
        .prefetch_related(_sectors_prefetch())
    )
    if filters.status == STILL_OPEN:
        needs = needs.filter(status__in=[NeedStatus.OPEN, NeedStatus.PARTLY_MET])
    elif filters.status != ANY_STATUS:
        needs = needs.filter(status=filters.status)
    if filters.sector:
        needs = needs.filter(_in_sector(Need.sectors.through, "need_id", filters.sector))
    if filters.country:
        needs = needs.filter(authority__country__code=filters.country)
    if filters.region is not None:
        needs = needs.filter(
            Q(authority__region_id=filters.region) | Q(authority__raion_id=filters.region)
        )
    if filters.authority is not None:
        needs = needs.filter(authority_id=filters.authority)
    if filters.urgency:
        needs = needs.filter(urgency=filters.urgency)
    if filters.language:
        needs = needs.filter(language=filters.language)
    if filters.query.strip():
        needs = needs.filter(text_match(filters.query, indexed_table=Need._meta.db_table))
    return needs.order_by(_URGENCY_RANK, "-created_at", "-pk")


def _speaks(code: str) -> Q:
    # staff_languages is "uk,en,de": the code alone, first, last or in the middle.
    return (
        Q(staff_languages=code)
        | Q(staff_languages__startswith=f"{code},")
        | Q(staff_languages__endswith=f",{code}")
        | Q(staff_languages__contains=f",{code},")
    )


def offer_list_for_viewer(
    *, viewer: Viewer, filters: OfferFilters | None = None
) -> QuerySet[Offer]:
    """Offers the viewer may see, matching the filters, newest first."""
    filters = filters or OfferFilters()
    offers = (
        offers_visible_to(viewer)
        .select_related(*_OFFER_ORGANISATION)
        .prefetch_related(_sectors_prefetch())
    )
    if filters.status == STILL_OPEN:
        offers = offers.filter(status=OfferStatus.OPEN)
    elif filters.status != ANY_STATUS:
        offers = offers.filter(status=filters.status)
    if filters.sector:
        offers = offers.filter(_in_sector(Offer.sectors.through, "offer_id", filters.sector))
    if filters.country:
        offers = offers.filter(
            Q(authority__country__code=filters.country)
            | Q(association__country__code=filters.country)
        )
    if filters.region is not None:
        offers = offers.filter(
            Q(authority__region_id=filters.region) | Q(authority__raion_id=filters.region)
        )
    if filters.authority is not None:
        offers = offers.filter(authority_id=filters.authority)
    if filters.association is not None:
        offers = offers.filter(association_id=filters.association)
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.language:
        offers = offers.filter(Q(language=filters.language) | _speaks(filters.language))
    if filters.query.strip():
        offers = offers.filter(text_match(filters.query, indexed_table=Offer._meta.db_table))
    return offers.order_by("-created_at", "-pk")


def _detail_prefetch() -> list[Any]:
    return [
        Prefetch("sectors", queryset=Sector.objects.select_related("parent").order_by("position")),
        "items",
    ]


def need_for_viewer(*, pk: int, viewer: Viewer) -> Need:
    """One need with its items and sectors; NotFound if it does not exist or is hidden from
    the viewer (the two are not told apart)."""
    need = (
        Need.objects.filter(need_visible.q(viewer), pk=pk)
        .select_related("authority", "authority__country", "authority__region", "created_by")
        .prefetch_related(*_detail_prefetch())
        .first()
    )
    if need is None:
        raise NotFound(_("This need does not exist or is not shown to you."))
    return need


def offer_for_viewer(*, pk: int, viewer: Viewer) -> Offer:
    """One offer with its items and sectors; NotFound if it does not exist or is hidden."""
    offer = (
        Offer.objects.filter(offer_visible.q(viewer), pk=pk)
        .select_related(*_OFFER_ORGANISATION)
        .prefetch_related(*_detail_prefetch())
        .first()
    )
    if offer is None:
        raise NotFound(_("This offer does not exist or is not shown to you."))
    return offer


def sector_choices() -> list[Sector]:
    """Active sectors in taxonomy order (each parent followed by its children)."""
    return list(Sector.objects.filter(is_active=True).order_by("position"))


def authorities_publishing_needs(*, viewer: Viewer) -> list[Authority]:
    """The Ukrainian authorities the viewer is a verified editor of, by name."""
    if not viewer.is_authenticated:
        return []
    authorities = Authority.objects.filter(
        staff__user=viewer,
        staff__state=MembershipState.VERIFIED,
        merged_into__isnull=True,
    ).distinct()
    return alphabetical((a for a in authorities if a.is_ukrainian), by=lambda a: a.display_name)


def organisations_publishing_offers(*, viewer: Viewer) -> list[Authority | Association]:
    """The authorities and associations the viewer is a verified editor or facilitator of."""
    if not viewer.is_authenticated:
        return []
    authorities = Authority.objects.filter(
        staff__user=viewer, staff__state=MembershipState.VERIFIED, merged_into__isnull=True
    ).distinct()
    associations = Association.objects.filter(
        staff__user=viewer, staff__state=MembershipState.VERIFIED
    ).distinct()
    organisations: list[Authority | Association] = [*authorities, *associations]
    return alphabetical(organisations, by=lambda organisation: organisation.display_name)


def _top_sector_codes(record: Need | Offer) -> set[str]:
    """The top-level sectors a record is filed under (a child counts under its parent)."""
    return {
        sector.parent.code if sector.parent_id and sector.parent else sector.code
        for sector in record.sectors.select_related("parent")
    }


def _in_top_sectors(codes: set[str]) -> Q:
    return Q(sectors__code__in=codes) | Q(sectors__parent__code__in=codes)


def open_offers_sharing_a_sector(
    *, need: Need, authorities: list[int], associations: list[int]
) -> list[Offer]:
    """The open offers of these organisations filed under a top-level sector of the need, by
    title: what a European side may offer when it expresses interest in the need."""
    return list(
        Offer.objects.filter(
            _in_top_sectors(_top_sector_codes(need)),
            Q(authority_id__in=authorities) | Q(association_id__in=associations),
            status=OfferStatus.OPEN,
        )
        .select_related("authority", "association")
        .distinct()
        .order_by("title", "pk")
    )


def open_needs_sharing_a_sector(*, offer: Offer, authorities: list[int]) -> list[Need]:
    """The open needs of these authorities filed under a top-level sector of the offer, by
    title: what a hromada may name when it expresses interest in the offer."""
    return list(
        Need.objects.filter(
            _in_top_sectors(_top_sector_codes(offer)),
            authority_id__in=authorities,
            status__in=[NeedStatus.OPEN, NeedStatus.PARTLY_MET],
        )
        .select_related("authority")
        .distinct()
        .order_by("title", "pk")
    )
