"""Pages that combine several domains: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from pobratym.directory.forms import AuthorityFilterForm
from pobratym.directory.selectors import directory_overview

from .selectors import waiting_for


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The directory in figures, its search, and — signed in — what waits for the viewer."""
    return render(
        request,
        "portal/home.html",
        {
            "overview": directory_overview(),
            "form": AuthorityFilterForm(),
            "waiting": (
                waiting_for(viewer=request.user, today=timezone.localdate())
                if request.user.is_authenticated
                else None
            ),
        },
    )
