"""What partnerships add to the exchange's pages: the "Express interest" button of a need or an
offer, and their items with the aid recorded for them (registered in apps.ready; see
pobratym/core/sections.py)."""

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from pobratym.core.sections import register, render_section
from pobratym.directory.models import Association, Authority
from pobratym.directory.organisations import organisation_key
from pobratym.exchange.enums import NeedStatus, OfferStatus
from pobratym.exchange.models import Need, Offer

from . import item_selectors
from .selectors.partnerships import acting_organisations

_SENDERS = "_pobratym_interest_senders"


def interest_senders(request: HttpRequest) -> list[Authority | Association]:
    """The organisations the viewer speaks for, read once per request (a page asks for each
    recommendation)."""
    senders: list[Authority | Association] | None = getattr(request, _SENDERS, None)
    if senders is None:
        senders = acting_organisations(viewer=request.user)
        setattr(request, _SENDERS, senders)
    return senders


def may_express_interest_in(request: HttpRequest, organisation: Any) -> bool:
    """Whether to offer "Express interest" in this organisation: the viewer speaks for some
    organisation and does not work for this one (the service refuses the same —
    partnership_express_interest)."""
    if organisation is None or not getattr(request.user, "is_authenticated", False):
        return False
    keys = {organisation_key(o) for o in interest_senders(request)}
    return bool(keys) and organisation_key(organisation) not in keys


def _interest_action(request: HttpRequest, record: Need | Offer) -> SafeString | None:
    is_need = isinstance(record, Need)
    still_open = (
        record.status in (NeedStatus.OPEN, NeedStatus.PARTLY_MET)
        if is_need
        else record.status == OfferStatus.OPEN
    )
    owner = record.authority if isinstance(record, Need) else record.organisation
    if not still_open or not may_express_interest_in(request, owner):
        return None
    return render_section(
        request,
        "partnerships/_interest_action.html",
        {"record": record, "kind": "need" if is_need else "offer"},
    )


def _need_items(request: HttpRequest, need: Need) -> SafeString | None:
    """A need's items with what was pledged and received, as far as the viewer may see."""
    progress = item_selectors.need_item_progress(need=need, viewer=request.user)
    if not progress:
        return None
    return render_section(
        request, "partnerships/_need_items.html", {"need": need, "item_progress": progress}
    )


def _offer_items(request: HttpRequest, offer: Offer) -> SafeString | None:
    """An offer's items with what is left to give, and whether it is all pledged."""
    stock = item_selectors.offer_item_stock(offer.items.all())
    if not stock:
        return None
    return render_section(
        request,
        "partnerships/_offer_items.html",
        {"offer": offer, "item_stock": stock, "used_up": not any(row.left for row in stock)},
    )


def register_sections() -> None:
    register("exchange.need.actions", _interest_action)
    register("exchange.offer.actions", _interest_action)
    register("exchange.need.items", _need_items)
    register("exchange.offer.items", _offer_items)
