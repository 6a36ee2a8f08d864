"""What matching adds to the exchange's pages: the offers that fit a need and the communities
an offer fits, with their reasons (registered in apps.ready; see pobratym/core/sections.py)."""

from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pobratym.core.sections import register, render_section
from pobratym.exchange.models import Need, Offer

from .selectors import Recommendations, hromadas_for_offer, offers_for_need


def _recommendations(request: HttpRequest, record: Need | Offer) -> SafeString:
    found: Recommendations
    if isinstance(record, Need):
        kind, heading = "need", _("Offers that fit")
        found = offers_for_need(need=record, viewer=request.user)
    else:
        kind, heading = "offer", _("Communities this offer fits")
        found = hromadas_for_offer(offer=record, viewer=request.user)
    # The record under its kind's name: "Express interest" links carry it along.
    context = {kind: record, "recommendations": found, "heading": heading}
    return render_section(request, "matching/_recommendations.html", context)


def register_sections() -> None:
    register("exchange.need.recommendations", _recommendations)
    register("exchange.offer.recommendations", _recommendations)
