"""Reads of aid given through partnerships: the deliveries a viewer may see, where a delivery
may go and what it may answer or give from, and the totals delivered by partnership, hromada,
country or sector.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import rules
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from pobratym.core.i18n import alphabetical
from pobratym.core.viewer import Viewer
from pobratym.directory.models import Authority, Country, Membership
from pobratym.exchange.enums import NeedStatus, OfferStatus, Unit
from pobratym.exchange.models import Need, Offer, Sector
from pobratym.exchange.selectors import needs_visible_to, offers_visible_to

from ..enums import DeliveryState
from ..models import Delivery, DeliveryItem, Partnership
from ..rules import delivery_visible
from .partnerships import parties_prefetch


def deliveries_shown(partnership: Partnership, viewer: Viewer) -> list[Delivery]:
    """The partnership's (prefetched) deliveries the viewer may see."""
    return [
        d for d in partnership.deliveries.all() if rules.has_perm("partnerships.view", viewer, d)
    ]


def needs_for_projects(partnership: Partnership, viewer: Viewer) -> list[Need]:
    """The needs of the partnership's authorities a joint project may answer (any status but
    withdrawn) that the viewer may see."""
    return list(
        needs_visible_to(viewer)
        .filter(authority_id__in=party_authority_ids(partnership))
        .exclude(status=NeedStatus.WITHDRAWN)
        .select_related("authority")
    )


def party_authority_ids(partnership: Partnership) -> set[int]:
    """Authorities aid may go to: party authorities and the members of party associations."""
    parties = list(partnership.parties.all())
    ids = {party.authority_id for party in parties if party.authority_id is not None}
    associations = [party.association_id for party in parties if party.association_id]
    if associations:
        ids |= set(
            Membership.objects.filter(
                association_id__in=associations, authority__isnull=False
            ).values_list("authority_id", flat=True)
        )
    return ids


def recipients_for(partnership: Partnership) -> list[Authority]:
    """The Ukrainian authorities a delivery of this partnership may go to, by name."""
    authorities = Authority.objects.filter(
        pk__in=party_authority_ids(partnership), merged_into__isnull=True
    )
    return alphabetical((a for a in authorities if a.is_ukrainian), by=lambda a: a.display_name)


def needs_for(partnership: Partnership, viewer: Viewer) -> list[Need]:
    """Open needs of the authorities the partnership may deliver to that the viewer may see,
    newest first."""
    return list(
        needs_visible_to(viewer)
        .filter(
            authority_id__in=party_authority_ids(partnership),
            status__in=[NeedStatus.OPEN, NeedStatus.PARTLY_MET],
        )
        .select_related("authority")
        .order_by("-created_at", "-pk")
    )


def offers_for(partnership: Partnership, viewer: Viewer) -> list[Offer]:
    """Open offers with items that a party may give from (its own, or a member authority's of
    a party association) and the viewer may see, by title."""
    associations = [p.association_id for p in partnership.parties.all() if p.association_id]
    return list(
        offers_visible_to(viewer)
        .filter(
            Q(authority_id__in=party_authority_ids(partnership))
            | Q(association_id__in=associations),
            status=OfferStatus.OPEN,
            items__isnull=False,
        )
        .select_related("authority", "association")
        .distinct()
        .order_by("title", "pk")
    )


GROUPS = {
    "partnership": "delivery__partnership_id",
    "hromada": "delivery__recipient_id",
    "country": "giver_country",
    "sector": "delivery__sectors__code",
}


@dataclass(frozen=True)
class DeliveryTotal:
    """What was delivered of one item in one unit, within one group.

    `pledged` is pledged and not yet received (shipped or not); `shipped` is the part of it on
    its way; `received` is confirmed by the receiving side.
    """

    key: Any
    label: str
    item: str
    unit: str
    unit_label: str
    pledged: Decimal
    shipped: Decimal
    received: Decimal


def _labels(by: str, keys: set[Any]) -> dict[Any, str]:
    if by == "partnership":
        partnerships = Partnership.objects.filter(pk__in=keys).prefetch_related(parties_prefetch())
        return {p.pk: p.display_title for p in partnerships}
    if by == "hromada":
        return {a.pk: a.display_name for a in Authority.objects.filter(pk__in=keys)}
    if by == "country":
        return {c.code: c.name for c in Country.objects.filter(code__in=keys)}
    return {s.code: s.label for s in Sector.objects.filter(code__in=keys)}


def delivery_totals(
    *, viewer: Viewer, by: str, partnership: Partnership | None = None
) -> list[DeliveryTotal]:
    """Quantities per item and unit — never two items or two units added together — grouped by
    partnership, receiving hromada, the giver's country or the delivery's own sectors (a
    delivery counts under each of its sectors). Only deliveries the viewer may see count.

    An item is named as its needed or offered item is now (a renamed item stays one row), or by
    the delivery's own words when it answers no need and gives from no offer.
    """
    if by not in GROUPS:
        raise ValueError(by)
    items = DeliveryItem.objects.filter(delivery_visible.q(viewer, prefix="delivery__"))
    if partnership is not None:
        items = items.filter(delivery__partnership=partnership)
    if by == "country":
        items = items.annotate(
            giver_country=Coalesce(
                "delivery__giver__authority__country__code",
                "delivery__giver__association__country__code",
            )
        )
    field = GROUPS[by]
    not_yet_received = (DeliveryState.PLEDGED, DeliveryState.SHIPPED)
    rows = list(
        items.exclude(**{f"{field}__isnull": True})
        .annotate(item=Coalesce("need_item__name", "offer_item__name", "name"))
        .values(field, "item", "unit")
        .annotate(
            pledged=Sum("quantity", filter=Q(delivery__state__in=not_yet_received)),
            shipped=Sum("quantity", filter=Q(delivery__state=DeliveryState.SHIPPED)),
            received=Sum("quantity", filter=Q(delivery__state=DeliveryState.RECEIVED)),
        )
        .order_by(field, "item", "unit")
    )
    labels = _labels(by, {row[field] for row in rows})
    zero = Decimal(0)
    totals = [
        DeliveryTotal(
            key=row[field],
            label=labels.get(row[field], str(row[field])),
            item=row["item"],
            unit=row["unit"],
            unit_label=str(Unit(row["unit"]).label) if row["unit"] in Unit.values else row["unit"],
            pledged=row["pledged"] or zero,
            shipped=row["shipped"] or zero,
            received=row["received"] or zero,
        )
        for row in rows
    ]
    return sorted(totals, key=lambda total: (total.label, total.item.casefold(), total.unit_label))
