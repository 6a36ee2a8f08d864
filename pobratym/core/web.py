"""Small helpers every app's views share: service errors onto forms, refusals as 403 pages."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import ApplicationError, NotFound

# The forms of a page's item rows (a formset's, or one form per line), and for each item the
# service was given, the position of the row it came from: blank rows are not sent.
Record = TypeVar("Record")

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


def visible_or_404(read: Callable[..., Record], request: HttpRequest, pk: int) -> Record:
    """The record `read(pk=..., viewer=...)` (a selector) shows the viewer; its NotFound as a
    404, which a page and the API answer alike."""
    try:
        return read(pk=pk, viewer=request.user)
    except NotFound as missing:
        raise Http404 from missing


def paginated(request: HttpRequest, records: QuerySet[Any], page_size: int) -> dict[str, Any]:
    """A list page's context: the "page" of records that ?page= asks for, and the
    "query_without_page" its links to other pages keep (the filters)."""
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": Paginator(records, page_size).get_page(request.GET.get("page")),
        "query_without_page": query.urlencode(),
    }
