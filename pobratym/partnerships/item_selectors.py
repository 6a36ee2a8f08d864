"""Reads of aid item by item: what each needed item has been pledged and received, and what
each offered item has left to give.

Words, as the pages use them:
- a need's item is *pledged* from the pledge until it is received (pledged or on its way), and
  *received* once the receiving side confirms it; the need is met when every item's received
  quantity reaches what was needed (services.deliveries);
- an offer's item has *left to give* what was offered less every pledge from it, shipped or
  not: a pledge reserves the stock, so two hromadas are never promised the same generator.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from pobratym.core.viewer import Viewer
from pobratym.exchange.models import Need, NeedItem, OfferItem

from .enums import DeliveryState
from .models import DeliveryItem
from .rules import delivery_visible

ZERO = Decimal(0)
NOT_YET_RECEIVED = (DeliveryState.PLEDGED, DeliveryState.SHIPPED)
GIVEN = (DeliveryState.SHIPPED, DeliveryState.RECEIVED)


@dataclass(frozen=True)
class NeedItemProgress:
    item: NeedItem
    pledged: Decimal  # pledged and not yet received
    received: Decimal

    @property
    def needed(self) -> Decimal:
        return self.item.quantity


@dataclass(frozen=True)
class OfferItemStock:
    item: OfferItem
    pledged: Decimal  # pledged, not yet shipped
    given: Decimal  # shipped or received
    left: Decimal

    @property
    def offered(self) -> Decimal:
        return self.item.quantity


def need_item_progress(*, need: Need, viewer: Viewer) -> list[NeedItemProgress]:
    """Each item of the need with what the deliveries the viewer may see brought to it.

    Counting only deliveries the viewer may see: a delivery's visibility is its own (where and
    when aid reaches a frontline hromada can be sensitive), so a visitor may read less here
    than the need's status, which every delivery moves, implies.
    """
    items = list(need.items.all())
    rows = (
        DeliveryItem.objects.filter(delivery_visible.q(viewer, prefix="delivery__"))
        .filter(need_item__in=[item.pk for item in items])
        .values("need_item")
        .annotate(
            pledged=Sum("quantity", filter=Q(delivery__state__in=NOT_YET_RECEIVED)),
            received=Sum("quantity", filter=Q(delivery__state=DeliveryState.RECEIVED)),
        )
    )
    by_item = {row["need_item"]: (row["pledged"], row["received"]) for row in rows}
    progress = []
    for item in items:
        pledged, received = by_item.get(item.pk, (None, None))
        progress.append(NeedItemProgress(item, pledged or ZERO, received or ZERO))
    return progress


def _committed(item_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    rows = (
        DeliveryItem.objects.filter(offer_item__in=list(item_ids))
        .values("offer_item")
        .annotate(
            pledged=Sum("quantity", filter=Q(delivery__state=DeliveryState.PLEDGED)),
            given=Sum("quantity", filter=Q(delivery__state__in=GIVEN)),
        )
    )
    return {
        row["offer_item"]: {"pledged": row["pledged"] or ZERO, "given": row["given"] or ZERO}
        for row in rows
    }


def offer_item_stock(items: Iterable[OfferItem]) -> list[OfferItemStock]:
    """Each offered item with what was pledged and given from it and what is left.

    Stock is the giver's own account of its resources, so every delivery counts, whoever
    reads: the page says how much is left, never to whom the rest went.
    """
    items = list(items)
    committed = _committed(item.pk for item in items)
    stock = []
    for item in items:
        figures = committed.get(item.pk, {"pledged": ZERO, "given": ZERO})
        left = max(ZERO, item.quantity - figures["pledged"] - figures["given"])
        stock.append(OfferItemStock(item, figures["pledged"], figures["given"], left))
    return stock


def offers_used_up(offer_ids: Iterable[int]) -> set[int]:
    """The offers, among these, that list items and have nothing left of any of them."""
    left_by_offer: dict[int, list[Decimal]] = defaultdict(list)
    for stock in offer_item_stock(OfferItem.objects.filter(offer_id__in=list(offer_ids))):
        left_by_offer[stock.item.offer_id].append(stock.left)
    return {offer_id for offer_id, left in left_by_offer.items() if not any(left)}
