"""What matching adds to the exchange's pages: the offers that fit a need and the communities
an offer fits, with their reasons (registered in apps.ready; see pobratym/core/sections.py)."""

from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pobratym.core.sections import register, render_section
from pobratym.exchange.models import Need, Offer

from .selectors import hromadas_for_offer, offers_for_need


def _offers_for_need(request: HttpRequest, need: Need) -> SafeString:
    return render_section(
        request,
        "matching/_recommendations.html",
        {
            "need": need,
            "recommendations": offers_for_need(need=need, viewer=request.user),
            "heading": _("Offers that fit"),
        },
    )


def _hromadas_for_offer(request: HttpRequest, offer: Offer) -> SafeString:
    return render_section(
        request,
        "matching/_recommendations.html",
        {
            "offer": offer,
            "recommendations": hromadas_for_offer(offer=offer, viewer=request.user),
            "heading": _("Communities this offer fits"),
        },
    )


def register_sections() -> None:
    register("exchange.need.recommendations", _offers_for_need)
    register("exchange.offer.recommendations", _hromadas_for_offer)
