"""Small helpers every app's views share: service errors onto forms, refusals as 403 pages."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import ApplicationError, InvalidInput


def apply_errors(form: forms.Form, error: ApplicationError) -> None:
    """Put a service's field errors on the form's fields; the rest on the form itself."""
    fields = error.extra.get("fields", {}) if isinstance(error, InvalidInput) else {}
    placed = False
    for name, message in fields.items():
        form.add_error(name if name in form.fields else None, message)
        placed = True
    if not placed:
        form.add_error(None, error.message)


def refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(request, "403.html", {"message": error.message}, status=403)
