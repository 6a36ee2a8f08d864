"""What the partnership pages share: finding what the viewer may see, placing a service's
the write-then-redirect step."""

from collections.abc import Callable
from typing import Any, TypeVar

import rules
from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pobratym.core.errors import ApplicationError, NotFound, PermissionRefused
from pobratym.core.web import ItemRows, apply_errors, refused

from .. import selectors
from ..models import Partnership

ModelT = TypeVar("ModelT", bound=Model)


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    try:
        return selectors.partnership_for_viewer(pk=pk, viewer=request.user)
    except NotFound as missing:
        raise Http404 from missing


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


def _changing(request: HttpRequest, pk: int) -> Partnership | HttpResponse:
    partnership = _partnership(request, pk)
    if not rules.has_perm("partnerships.change", request.user, partnership):
        return refused(request, PermissionRefused(_("You are not allowed to do this.")))
    return partnership


def _filled_rows(formset: forms.BaseFormSet[Any]) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if not form.is_blank()
    ]
