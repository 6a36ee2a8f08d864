"""What the partnership pages share: finding what the viewer may see, the form page that records
something, the write-then-redirect step."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import rules
from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pobratym.core.errors import ApplicationError, PermissionRefused
from pobratym.core.web import ItemRows, apply_errors, refused, visible_or_404

from ..models import Partnership
from ..selectors.partnerships import partnership_for_viewer

ModelT = TypeVar("ModelT", bound=Model)


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    return visible_or_404(partnership_for_viewer, request, pk)


def _visible_child(request: HttpRequest, model: type[ModelT], pk: int, path: str) -> ModelT:
    """A record of a partnership the viewer may see (path: the lookup to its partnership)."""
    record = get_object_or_404(model, pk=pk)
    partnership_pk = model._default_manager.filter(pk=pk).values_list(path, flat=True).get()
    _partnership(request, partnership_pk)
    return record


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "partnerships/form.html", context)


def _attempt(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[], Any],
    *,
    saved: str,
    rows: dict[str, ItemRows] | None = None,
) -> HttpResponse | None:
    """Run the write; a redirect to what it returns, a 403 page, or None (errors on the form)."""
    try:
        record = write()
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        apply_errors(form, error, rows=rows)
        return None
    messages.success(request, saved)
    return redirect(record)


def _record_page(
    request: HttpRequest,
    partnership: Partnership,
    form: forms.Form,
    write: Callable[[dict[str, Any], list[dict[str, Any]]], Model],
    texts: tuple[str, str],
    rows: tuple[str, forms.BaseFormSet[Any]] | None = None,
    *,
    multipart: bool = False,
) -> HttpResponse:
    """The page of a form that records something in a partnership, with rows of a formset
    (rows: their heading and the formset) or without. On a valid POST, write(the form's data,
    the filled rows) and a redirect to what it returns; otherwise the form again.
    texts: the page's title and the message once saved."""
    title, saved = texts
    formset = rows[1] if rows is not None else None
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        filled = _filled_rows(formset) if formset is not None else []
        placed: dict[str, ItemRows] | None = None
        if formset is not None:
            placed = {str(formset.prefix): (formset.forms, [index for index, _row in filled])}
        data = form.cleaned_data
        response = _attempt(
            request,
            form,
            lambda: write(data, [row for _i, row in filled]),
            saved=saved,
            rows=placed,
        )
        if response is not None:
            return response
    context: dict[str, Any] = {"title": title, "form": form, "partnership": partnership}
    if rows is not None:
        context["formsets"] = [rows]
    if multipart:
        context["multipart"] = True
    return _form_page(request, context)


def _changing(request: HttpRequest, pk: int) -> Partnership | HttpResponse:
    partnership = _partnership(request, pk)
    if not rules.has_perm("partnerships.change", request.user, partnership):
        return refused(request, PermissionRefused(_("You are not allowed to do this.")))
    return partnership


def _partnership_to_change(
    view: Callable[[HttpRequest, Partnership], HttpResponse],
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A partnership's form page, given the partnership named in its address once the viewer
    may change it: refused before the form is filled in, not after."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        partnership = _changing(request, pk)
        if isinstance(partnership, HttpResponse):
            return partnership
        return view(request, partnership)

    return wrapped


def _filled_rows(formset: forms.BaseFormSet[Any]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if not form.is_blank()
    ]
