"""What the pages that write needs and offers share: the form of a record with its item rows,
the service's errors put on the fields they are about, the confirmation that ends a record, and
the organisations the viewer may publish for."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pobratym.accounts.selectors import pending_claims_of
from pobratym.core.errors import ApplicationError, InvalidInput, PermissionRefused
from pobratym.core.web import refused
from pobratym.directory.models import Association, Authority
from pobratym.directory.organisations import Organisation, organisation_key

from .. import services
from ..forms import (
    ITEMS_PREFIX,
    ItemFormSet,
    NeedForm,
    OfferForm,
    form_as_initial,
    rows_as_initial,
    submitted_items,
)
from ..models import ItemBase, Need, Offer

ADD_ROWS = "add_rows"

Saver = Callable[[dict[str, Any], list[services.ItemIn]], Need | Offer]
Publisher = Callable[[Organisation, dict[str, Any], list[services.ItemIn]], Need | Offer]


def plain_number(value: Decimal | None) -> Decimal | int | None:
    """5.00 shown as 5, 2.50 as 2.5: what a person would have typed."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _item_rows(items: Iterable[ItemBase]) -> list[dict[str, Any]]:
    return [
        {
            "id": item.pk,
            "name": item.name,
            "quantity": plain_number(item.quantity),
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


def record_page(
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


def edit_page(
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
    return record_page(
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


def ending_page(
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


def with_requested(
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


def publish_page(
    request: HttpRequest,
    *,
    kind: str,
    organisations: list[Organisation],
    form_class: type[NeedForm] | type[OfferForm],
    publish: Publisher,
    saved_message: str,
    title: str,
) -> HttpResponse:
    """The form of a new record, for one of `organisations`; why not, when there are none."""
    if not organisations:
        return _cannot_publish(request, kind)
    choices = [(organisation_key(o), o.display_name) for o in organisations]

    def save(data: dict[str, Any], items: list[services.ItemIn]) -> Need | Offer:
        return publish(_organisation_by_key(organisations, data["organisation"]), data, items)

    return record_page(
        request,
        form_class=form_class,
        form_kwargs={"organisations": choices},
        initial={"organisation": choices[0][0]},
        item_rows=[],
        save=save,
        saved_message=saved_message,
        context={"title": title, "kind": kind},
    )
