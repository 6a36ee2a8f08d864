"""Pages of aid deliveries: the pledge form, shipping and receipt, the totals.

A pledge is chosen in two steps, because what it answers decides its rows: first the need it
answers and the offer it gives from (a GET form, so that no script is needed), then one row
per needed item (or per offered item), or free rows when it answers neither.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from pobratym.core.errors import ApplicationError, PermissionRefused
from pobratym.core.submissions import once_per_submission
from pobratym.core.viewer import signed_in
from pobratym.core.web import apply_errors, error_summary, refused
from pobratym.directory.models import Authority
from pobratym.directory.organisations import organisation_by_key, organisation_key
from pobratym.exchange.forms import ITEMS_PREFIX, ItemFormSet, submitted_items
from pobratym.exchange.models import Need, Offer

from .. import item_selectors, services
from ..forms import DayForm, DeliveryForm, DeliveryLineForm, DeliveryScopeForm, sector_options
from ..models import Delivery, Partnership
from ..selectors import deliveries as delivery_selectors
from ..services.deliveries import offer_owners
from .common import _partnership_to_change, _visible_child

LINES_PREFIX = "line"


def _amount(value: Any) -> str:
    return number_format(value.normalize(), use_l10n=True)


def _scope(
    request: HttpRequest, partnership: Partnership
) -> tuple[DeliveryScopeForm, Need | None, Offer | None]:
    """The need and offer chosen in the first step (the partnership's own by default)."""
    needs = {str(n.pk): n for n in delivery_selectors.needs_for(partnership, request.user)}
    offers = {str(o.pk): o for o in delivery_selectors.offers_for(partnership, request.user)}
    data = request.GET if "scope" in request.GET else None
    # The partnership's own need and offer, when it answers exactly one that can be chosen.
    own_needs = [key for key in (str(n.pk) for n in partnership.needs.all()) if key in needs]
    own_offers = [key for key in (str(o.pk) for o in partnership.offers.all()) if key in offers]
    initial = {
        "need": own_needs[0] if len(own_needs) == 1 else "",
        "offer": own_offers[0] if len(own_offers) == 1 else "",
    }
    scope = DeliveryScopeForm(
        data,
        initial=initial,
        needs=[(pk, f"{n.title} ({n.authority.display_name})") for pk, n in needs.items()],
        offers=[(pk, f"{o.title} ({o.organisation.display_name})") for pk, o in offers.items()],
    )
    chosen = scope.cleaned_data if scope.is_valid() else initial
    return scope, needs.get(chosen["need"] or ""), offers.get(chosen["offer"] or "")


Row = tuple[DeliveryLineForm, services.DeliveryLineIn]


def _need_rows(request: HttpRequest, need: Need, offer: Offer | None) -> list[Row]:
    """One row per needed item, with what it was pledged and received; giving from an offer,
    the offered items in the same unit to take it from."""
    data = request.POST if request.method == "POST" else None
    stock = item_selectors.offer_item_stock(offer.items.all()) if offer is not None else []
    rows: list[Row] = []
    progress = item_selectors.need_item_progress(need=need, viewer=request.user)
    for index, figures in enumerate(progress):
        item = figures.item
        offered = [
            (
                str(s.item.pk),
                _("%(item)s (%(left)s left)") % {"item": s.item.name, "left": _amount(s.left)},
            )
            for s in stock
            if s.item.unit == item.unit
        ]
        form = DeliveryLineForm(
            data,
            prefix=f"{LINES_PREFIX}-{index}",
            label=_("%(item)s: %(needed)s needed, %(pledged)s pledged, %(received)s received")
            % {
                "item": item.name,
                "needed": _amount(figures.needed),
                "pledged": _amount(figures.pledged),
                "received": _amount(figures.received),
            },
            unit=item.get_unit_display(),
            offer_items=offered,
            initial={"offer_item": offered[0][0] if len(offered) == 1 else ""},
        )
        rows.append((form, services.DeliveryLineIn(quantity="", need_item=item.pk)))
    return rows


def _offer_rows(request: HttpRequest, offer: Offer) -> list[Row]:
    """One row per offered item, with what it has left to give."""
    data = request.POST if request.method == "POST" else None
    rows: list[Row] = []
    for index, figures in enumerate(item_selectors.offer_item_stock(offer.items.all())):
        form = DeliveryLineForm(
            data,
            prefix=f"{LINES_PREFIX}-{index}",
            label=_("%(item)s: %(offered)s offered, %(left)s left to give")
            % {
                "item": figures.item.name,
                "offered": _amount(figures.offered),
                "left": _amount(figures.left),
            },
            unit=figures.item.get_unit_display(),
            offer_items=[],
        )
        rows.append((form, services.DeliveryLineIn(quantity="", offer_item=figures.item.pk)))
    return rows


def _submitted_lines(rows: list[Row]) -> tuple[list[services.DeliveryLineIn], list[int]]:
    """The rows with a quantity, as lines, and the row each came from (for placing errors)."""
    lines, positions = [], []
    for position, (form, line) in enumerate(rows):
        if form.is_blank():
            continue
        offer_item = form.cleaned_data.get("offer_item") or ""
        lines.append(
            services.DeliveryLineIn(
                quantity=form.cleaned_data["quantity"],
                need_item=line.need_item,
                offer_item=int(offer_item) if offer_item else line.offer_item,
            )
        )
        positions.append(position)
    return lines, positions


def _givers(partnership: Partnership, offer: Offer | None) -> list[tuple[str, str]]:
    """The parties that may give: any, or those that may give from the chosen offer."""
    owners = offer_owners(offer) if offer is not None else None
    return [
        (organisation_key(p.organisation), p.organisation.display_name)
        for p in partnership.parties.all()
        if owners is None or (type(p.organisation).__name__, p.organisation.pk) in owners
    ]


@login_required
@once_per_submission
@_partnership_to_change
def delivery_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    scope, need, offer = _scope(request, partnership)
    recipients = (
        [need.authority] if need is not None else delivery_selectors.recipients_for(partnership)
    )
    form = DeliveryForm(
        request.POST or None,
        initial={
            "pledged_on": timezone.localdate(),
            "visibility": partnership.visibility,
            "sectors": [s.code for s in offer.sectors.all()] if offer is not None else [],
        },
        givers=_givers(partnership, offer),
        recipients=[(str(a.pk), a.display_name) for a in recipients],
        sectors=None if need is not None else sector_options(),
    )
    if need is not None:
        rows = _need_rows(request, need, offer)
    else:
        rows = _offer_rows(request, offer) if offer is not None else []
    free_items = (
        ItemFormSet(request.POST or None, prefix=ITEMS_PREFIX)
        if need is None and offer is None
        else None
    )
    row_forms: list[forms.Form] = (
        [row for row, _line in rows] if free_items is None else list(free_items.forms)
    )
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in row_forms):
        data = form.cleaned_data
        if free_items is None:
            lines, positions = _submitted_lines(rows)
        else:
            items, positions = submitted_items(free_items)
            lines = [
                services.DeliveryLineIn(quantity=i.quantity, name=i.name, unit=i.unit)
                for i in items
            ]
        giver = organisation_by_key(data["giver"])
        assert giver is not None  # one of the choices
        try:
            services.delivery_pledge(
                partnership=partnership,
                giver=giver,
                recipient=Authority.objects.get(pk=int(data["recipient"])),
                need=need,
                offer=offer,
                sectors=data.get("sectors", []),
                lines=lines,
                pledged_on=data["pledged_on"],
                note=data["note"],
                visibility=data["visibility"],
                actor=signed_in(request),
            )
        except PermissionRefused as error:
            return refused(request, error)
        except ApplicationError as error:
            apply_errors(form, error, rows={ITEMS_PREFIX: (row_forms, positions)})
        else:
            messages.success(request, _("The pledge was recorded."))
            return redirect(partnership)
    return render(
        request,
        "partnerships/delivery_form.html",
        {
            "partnership": partnership,
            "scope": scope,
            "need": need,
            "offer": offer,
            "form": form,
            "rows": [row for row, _line in rows],
            "free_items": free_items,
        },
    )


def _delivery_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    delivery = _visible_child(request, Delivery, pk, "partnership_id")
    form = DayForm(request.POST)
    day = form.cleaned_data["day"] if form.is_valid() else None
    try:
        if step == "ship":
            services.delivery_ship(delivery=delivery, shipped_on=day, actor=request.user)
            messages.success(request, _("The delivery is recorded as shipped."))
        else:
            services.delivery_receive(delivery=delivery, received_on=day, actor=signed_in(request))
            messages.success(request, _("The delivery is recorded as received."))
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error_summary(error))
    return redirect(delivery.partnership)


@login_required
@require_POST
def delivery_ship(request: HttpRequest, pk: int) -> HttpResponse:
    return _delivery_step(request, pk, "ship")


@login_required
@require_POST
def delivery_receive(request: HttpRequest, pk: int) -> HttpResponse:
    return _delivery_step(request, pk, "receive")


@require_safe
def delivery_totals(request: HttpRequest) -> HttpResponse:
    groups = [
        (caption, delivery_selectors.delivery_totals(viewer=request.user, by=by))
        for caption, by in (
            (_("By receiving hromada"), "hromada"),
            (_("By the giver's country"), "country"),
            (_("By sector"), "sector"),
            (_("By partnership"), "partnership"),
        )
    ]
    return render(
        request,
        "partnerships/deliveries.html",
        {"groups": [(caption, rows) for caption, rows in groups if rows]},
    )
