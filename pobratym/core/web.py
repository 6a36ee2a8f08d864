"""Small helpers every app's views share: service errors onto forms, refusals as 403 pages."""

from collections.abc import Mapping, Sequence

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import ApplicationError

# The forms of a page's item rows (a formset's, or one form per line), and for each item the
# service was given, the position of the row it came from: blank rows are not sent.
ItemRows = tuple[Sequence[forms.BaseForm], Sequence[int]]


def apply_errors(
    form: forms.BaseForm, error: ApplicationError, *, rows: Mapping[str, ItemRows] | None = None
) -> None:
    """Put a service's field errors on the form's fields, an item's ("items.2.quantity", the
    prefix a key of rows) on the field of its row; the rest, and the error's message when it
    names no field, on the form itself."""
    fields = error.field_errors
    for key, message in fields.items():
        prefix, _dot, rest = key.partition(".")
        if rows and prefix in rows and rest:
            row_forms, positions = rows[prefix]
            position, _dot, field = rest.partition(".")
            _add_error(row_forms[positions[int(position)]], field, message)
        else:
            _add_error(form, key, message)
    if not fields:
        form.add_error(None, error.message)


def _add_error(form: forms.BaseForm, field: str, message: str) -> None:
    form.add_error(field if field in form.fields else None, message)


def error_summary(error: ApplicationError) -> str:
    """The error's message and each field's, in one line: for a page with no form to show
    them on."""
    return " ".join([error.message, *error.field_errors.values()])


def refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(request, "403.html", {"message": error.message}, status=403)
