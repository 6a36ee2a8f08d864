"""The lists of needs and offers and the page of each, for whoever is looking."""

from collections.abc import Callable
from typing import Any

import rules
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pobratym.core.sections import sections_for
from pobratym.core.web import paginated, visible_or_404

from .. import selectors
from ..enums import NeedStatus, OfferStatus
from ..forms import NeedFilterForm, OfferFilterForm
from ..language import language_name

PAGE_SIZE = 25


def _list_page(
    request: HttpRequest,
    *,
    form_class: type[NeedFilterForm] | type[OfferFilterForm],
    records_for: Callable[..., QuerySet[Any]],
    template: str,
) -> HttpResponse:
    """A list of records: its filter form, and the page of records the filters leave."""
    form = form_class(request.GET or None)
    filters = form.to_filters() if form.is_bound else None
    records = records_for(viewer=request.user, filters=filters)
    return render(request, template, {"form": form, **paginated(request, records, PAGE_SIZE)})


def need_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        form_class=NeedFilterForm,
        records_for=selectors.need_list_for_viewer,
        template="exchange/need_list.html",
    )


def offer_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        form_class=OfferFilterForm,
        records_for=selectors.offer_list_for_viewer,
        template="exchange/offer_list.html",
    )


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_or_404(selectors.need_for_viewer, request, pk)
    return render(
        request,
        "exchange/need_detail.html",
        {
            "need": need,
            "language": language_name(need.language),
            # What apps above the exchange add here: the aid recorded for each item and
            # "Express interest" (partnerships), the offers that fit (matching).
            "items_sections": sections_for("exchange.need.items", request, need),
            "recommendations_sections": sections_for(
                "exchange.need.recommendations", request, need
            ),
            "actions_sections": sections_for("exchange.need.actions", request, need),
            "can_change": need.status != NeedStatus.WITHDRAWN
            and rules.has_perm("exchange.change_need", request.user, need),
        },
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = visible_or_404(selectors.offer_for_viewer, request, pk)
    return render(
        request,
        "exchange/offer_detail.html",
        {
            "offer": offer,
            "language": language_name(offer.language),
            "items_sections": sections_for("exchange.offer.items", request, offer),
            "recommendations_sections": sections_for(
                "exchange.offer.recommendations", request, offer
            ),
            "staff_languages": [language_name(code) for code in offer.staff_language_codes],
            "actions_sections": sections_for("exchange.offer.actions", request, offer),
            "can_change": offer.status != OfferStatus.CLOSED
            and rules.has_perm("exchange.change_offer", request.user, offer),
        },
    )
