"""The step a page takes once its form is sent: the one write behind it, the message on the
next page, and what the write refuses back on the form (or, for a button, in a message)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .errors import ApplicationError, PermissionRefused
from .web import apply_errors, refused


def form_saved(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], object],
    *,
    message: str,
) -> bool:
    """Whether a valid form was sent and write (given the cleaned data) took it; then message
    shows on the next page. What the write refuses goes onto the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ApplicationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, message)
    return True


def initial_from(record: Model, form_class: type[forms.Form], **values: Any) -> dict[str, Any]:
    """A form's first values: the record's fields of the same names as the form's, but for the
    values given."""
    return {
        name: values[name] if name in values else getattr(record, name)
        for name in form_class.base_fields
    }


def redirect_after(
    request: HttpRequest, write: Callable[[], object], *, saved: str, to: Any
) -> HttpResponse:
    """A button's write, then back to `to` (a record, a URL or its name) with saved, or with
    the write's error, as a message; a refusal is a 403 page."""
    try:
        write()
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, saved)
    return redirect(to)
