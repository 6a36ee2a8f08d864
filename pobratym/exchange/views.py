"""Exchange pages: browse, read, publish, edit, withdraw or close. Each write is a form, one
service call, then a redirect; refusals and invalid input come back from the service."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pobratym.accounts.selectors import pending_claims_of
from pobratym.core.errors import ApplicationError, InvalidInput, NotFound, PermissionRefused
from pobratym.core.sections import sections_for
from pobratym.core.submissions import once_per_submission
from pobratym.core.viewer import signed_in
from pobratym.core.web import refused
from pobratym.directory.models import Association, Authority
from pobratym.directory.organisations import Organisation, organisation_key

from . import selectors, services
from .enums import NeedStatus, OfferStatus
from .forms import (
    ITEMS_PREFIX,
    ItemFormSet,
    NeedFilterForm,
    NeedForm,
    OfferFilterForm,
    OfferForm,
    form_as_initial,
    rows_as_initial,
    submitted_items,
)
from .language import language_name
from .models import ItemBase, Need, Offer

PAGE_SIZE = 25
ADD_ROWS = "add_rows"

Saver = Callable[[dict[str, Any], list[services.ItemIn]], Need | Offer]


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def need_list(request: HttpRequest) -> HttpResponse:
    form = NeedFilterForm(request.GET or None)
    filters = form.to_filters() if form.is_bound else selectors.NeedFilters()
    needs = selectors.need_list_for_viewer(viewer=request.user, filters=filters)
    return render(
        request,
        "exchange/need_list.html",
        {
            "form": form,
            "page": Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_without_page": _without_page(request),
        },
    )


def offer_list(request: HttpRequest) -> HttpResponse:
    form = OfferFilterForm(request.GET or None)
    filters = form.to_filters() if form.is_bound else selectors.OfferFilters()
    offers = selectors.offer_list_for_viewer(viewer=request.user, filters=filters)
    return render(
        request,
        "exchange/offer_list.html",
        {
            "form": form,
            "page": Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_without_page": _without_page(request),
        },
    )


def _need(request: HttpRequest, pk: int) -> Need:
    try:
        return selectors.need_for_viewer(pk=pk, viewer=request.user)
    except NotFound as missing:
        raise Http404 from missing


def _offer(request: HttpRequest, pk: int) -> Offer:
    try:
        return selectors.offer_for_viewer(pk=pk, viewer=request.user)
    except NotFound as missing:
        raise Http404 from missing


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
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
    offer = _offer(request, pk)
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


def _plain_number(value: Decimal | None) -> Decimal | int | None:
    """5.00 shown as 5, 2.50 as 2.5: what a person would have typed."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _item_rows(items: Iterable[ItemBase]) -> list[dict[str, Any]]:
    return [
        {
            "id": item.pk,
            "name": item.name,
            "quantity": _plain_number(item.quantity),
            "unit": item.unit,
        }
        for item in items
    ]


def _place_errors(
    form: forms.Form, formset: forms.BaseFormSet[Any], error: InvalidInput, rows: list[int]
) -> list[str]:
    """Each of the service's field errors on its field or item row; returns the errors about
    the items as a whole."""
    items_errors: list[str] = []
    for key, message in error.extra.get("fields", {}).items():
        if key == "items":
            items_errors.append(message)
        elif key.startswith("items."):
            _items, position, field = key.split(".", 2)
            formset.forms[rows[int(position)]].add_error(field, message)
        else:
            name = "organisation" if key == "authority" else key
            form.add_error(name if name in form.fields else None, message)
    if not error.extra.get("fields"):
        form.add_error(None, error.message)
    return items_errors


def _need_values(data: dict[str, Any]) -> dict[str, Any]:
    """What the need form gives the services, publish and update alike (status aside)."""
    names = ("title", "description", "sectors", "urgency", "estimated_cost_eur", "visibility")
    return {name: data[name] for name in names}


def _offer_values(data: dict[str, Any]) -> dict[str, Any]:
    """What the offer form gives the services, publish and update alike."""
    names = ("kind", "title", "description", "sectors", "capacity", "visibility")
    return {
        **{name: data[name] for name in names},
        "staff_languages": OfferForm.language_codes(data["staff_languages"]),
    }


def _record_page(
    request: HttpRequest,
    *,
    form_class: type[NeedForm] | type[OfferForm],
    form_kwargs: dict[str, Any],
    initial: dict[str, Any],
    item_rows: list[dict[str, Any]],
    save: Saver,
    saved_message: str,
    context: dict[str, Any],
) -> HttpResponse:
    items_errors: list[str] = []
    if request.method == "POST" and ADD_ROWS in request.POST:
        # More rows, without judging a half-filled form: what was typed comes back as it was.
        form = form_class(initial=form_as_initial(form_class, request.POST), **form_kwargs)
        formset = ItemFormSet(initial=rows_as_initial(request.POST), prefix=ITEMS_PREFIX)
    elif request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        formset = ItemFormSet(request.POST, prefix=ITEMS_PREFIX)
        if form.is_valid() and formset.is_valid():
            items, rows = submitted_items(formset)
            try:
                record = save(form.cleaned_data, items)
            except PermissionRefused as error:
                return refused(request, error)
            except InvalidInput as error:
                items_errors = _place_errors(form, formset, error, rows)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, saved_message)
                return redirect(record)
        elif formset.is_valid():
            # The form stopped the write: still say what is wrong with the items, all at once.
            items, rows = submitted_items(formset)
            if problems := services.item_problems(items):
                found = InvalidInput.of_fields(problems)
                items_errors = _place_errors(form, formset, found, rows)
    else:
        form = form_class(initial=initial, **form_kwargs)
        formset = ItemFormSet(initial=item_rows, prefix=ITEMS_PREFIX)
    return render(
        request,
        "exchange/record_form.html",
        {**context, "form": form, "formset": formset, "items_errors": items_errors},
    )


def _edit_page(
    request: HttpRequest,
    record: Need | Offer,
    *,
    permission: str,
    unchangeable: str | None,
    form_class: type[NeedForm] | type[OfferForm],
    form_kwargs: dict[str, Any],
    initial: dict[str, Any],
    save: Saver,
    saved_message: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The form of an existing record: what needs and offers share, plus `initial` of its own.

    `unchangeable`: why the record can no longer be changed (withdrawn, closed), if so.
    """
    if not rules.has_perm(permission, request.user, record):
        return _not_allowed(request)
    if unchangeable is not None:
        messages.error(request, unchangeable)
        return redirect(record)
    return _record_page(
        request,
        form_class=form_class,
        form_kwargs=form_kwargs,
        initial={
            "title": record.title,
            "description": record.description,
            "sectors": [sector.code for sector in record.sectors.all()],
            "visibility": record.visibility,
            **initial,
        },
        item_rows=_item_rows(list(record.items.all())),
        save=save,
        saved_message=saved_message,
        context={**context, "record": record},
    )


def _ending_page(
    request: HttpRequest,
    record: Need | Offer,
    *,
    permission: str,
    end: Callable[[], Need | Offer],
    ended_message: str,
    confirm: dict[str, str],
) -> HttpResponse:
    """Withdraw a need or close an offer: a confirmation page, then the service on POST."""
    if not rules.has_perm(permission, request.user, record):
        return _not_allowed(request)
    if request.method == "POST":
        try:
            end()
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, ended_message)
        return redirect(record)
    return render(request, "exchange/confirm.html", {"record": record, **confirm})


def _not_allowed(request: HttpRequest) -> HttpResponse:
    return refused(request, PermissionRefused(_("You are not allowed to do this.")))


def _requested_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation named in the address (?authority=N or ?association=slug), if any."""
    authority = request.GET.get("authority", "")
    if authority.isdigit():
        return Authority.objects.filter(pk=int(authority), merged_into__isnull=True).first()
    slug = request.GET.get("association", "")
    if slug:
        return Association.objects.filter(slug=slug).first()
    return None


def _with_requested(
    request: HttpRequest, organisations: list[Organisation], permission: str
) -> list[Organisation]:
    # A curator arriving from an organisation's page publishes for it without being its editor.
    requested = _requested_organisation(request)
    keys = {organisation_key(o) for o in organisations}
    if (
        requested is not None
        and organisation_key(requested) not in keys
        and rules.has_perm(permission, request.user, requested)
    ):
        return [requested, *organisations]
    return organisations


def _organisation_by_key(organisations: list[Organisation], key: str) -> Organisation:
    for organisation in organisations:
        if organisation_key(organisation) == key:
            return organisation
    raise PermissionRefused(_("You are not allowed to do this."))


def _cannot_publish(request: HttpRequest, kind: str) -> HttpResponse:
    """Why the viewer cannot publish: a claim still waiting (and who verifies it), or none."""
    claims = [
        claim
        for claim in pending_claims_of(viewer=request.user)
        if kind == "offer"
        or (claim.membership.authority is not None and claim.membership.authority.is_ukrainian)
    ]
    return render(
        request, "exchange/cannot_publish.html", {"kind": kind, "claims": claims}, status=403
    )


@login_required
@once_per_submission
def need_create(request: HttpRequest) -> HttpResponse:
    authorities: list[Organisation] = [*selectors.authorities_publishing_needs(viewer=request.user)]
    authorities = _with_requested(request, authorities, "exchange.publish_need")
    authorities = [a for a in authorities if isinstance(a, Authority) and a.is_ukrainian]
    if not authorities:
        return _cannot_publish(request, "need")
    choices = [(organisation_key(a), a.display_name) for a in authorities]

    def save(data: dict[str, Any], items: list[services.ItemIn]) -> Need:
        authority = _organisation_by_key(authorities, data["organisation"])
        assert isinstance(authority, Authority)
        return services.need_publish(
            authority=authority, items=items, actor=signed_in(request), **_need_values(data)
        )

    return _record_page(
        request,
        form_class=NeedForm,
        form_kwargs={"organisations": choices},
        initial={"organisation": choices[0][0]},
        item_rows=[],
        save=save,
        saved_message=_("The need is published."),
        context={"title": _("Publish a need"), "kind": "need"},
    )


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)

    def save(data: dict[str, Any], items: list[services.ItemIn]) -> Need:
        return services.need_update(
            need=need,
            items=items,
            status=data["status"],
            actor=signed_in(request),
            **_need_values(data),
        )

    return _edit_page(
        request,
        need,
        permission="exchange.change_need",
        unchangeable=_("This need was withdrawn; it can no longer be changed.")
        if need.status == NeedStatus.WITHDRAWN
        else None,
        form_class=NeedForm,
        form_kwargs={"editing": True},
        initial={
            "urgency": need.urgency,
            "estimated_cost_eur": _plain_number(need.estimated_cost_eur),
            "status": need.status,
        },
        save=save,
        saved_message=_("The need is saved."),
        context={"title": _("Edit the need"), "kind": "need"},
    )


@login_required
def need_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    return _ending_page(
        request,
        need,
        permission="exchange.change_need",
        end=lambda: services.need_withdraw(need=need, actor=signed_in(request)),
        ended_message=_("The need is withdrawn."),
        confirm={
            "title": _("Withdraw the need"),
            "explanation": _(
                "A withdrawn need stays visible, marked as withdrawn, and can no longer be changed."
            ),
            "button": _("Withdraw"),
        },
    )


@login_required
@once_per_submission
def offer_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_publishing_offers(viewer=request.user)
    organisations = _with_requested(request, organisations, "exchange.publish_offer")
    if not organisations:
        return _cannot_publish(request, "offer")
    choices = [(organisation_key(o), o.display_name) for o in organisations]

    def save(data: dict[str, Any], items: list[services.ItemIn]) -> Offer:
        return services.offer_publish(
            organisation=_organisation_by_key(organisations, data["organisation"]),
            items=items,
            actor=signed_in(request),
            **_offer_values(data),
        )

    return _record_page(
        request,
        form_class=OfferForm,
        form_kwargs={"organisations": choices},
        initial={"organisation": choices[0][0]},
        item_rows=[],
        save=save,
        saved_message=_("The offer is published."),
        context={"title": _("Publish an offer"), "kind": "offer"},
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)

    def save(data: dict[str, Any], items: list[services.ItemIn]) -> Offer:
        return services.offer_update(
            offer=offer, items=items, actor=signed_in(request), **_offer_values(data)
        )

    return _edit_page(
        request,
        offer,
        permission="exchange.change_offer",
        unchangeable=_("This offer is closed; it can no longer be changed.")
        if offer.status == OfferStatus.CLOSED
        else None,
        form_class=OfferForm,
        form_kwargs={},
        initial={
            "kind": offer.kind,
            "capacity": offer.capacity,
            "staff_languages": ", ".join(offer.staff_language_codes),
        },
        save=save,
        saved_message=_("The offer is saved."),
        context={"title": _("Edit the offer"), "kind": "offer"},
    )


@login_required
def offer_close(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    return _ending_page(
        request,
        offer,
        permission="exchange.change_offer",
        end=lambda: services.offer_close(offer=offer, actor=signed_in(request)),
        ended_message=_("The offer is closed."),
        confirm={
            "title": _("Close the offer"),
            "explanation": _(
                "A closed offer stays visible, marked as closed, and can no longer be changed."
            ),
            "button": _("Close the offer"),
        },
    )
