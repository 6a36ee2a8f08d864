"""Calendars: a partnership's calendar file, an organisation's calendar at its secret address,
and the page where editors make that address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pobratym.core.errors import PermissionRefused
from pobratym.core.web import refused
from pobratym.directory.organisations import organisation_by_key, organisation_key

from .. import services
from ..calendar import partnership_calendar
from ..models import CalendarFeed
from ..selectors.partnerships import calendar_tokens, partnerships_of
from .common import _partnership


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@require_safe
def partnership_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One partnership's calendar, for whoever may see the partnership."""
    partnership = _partnership(request, pk)
    return _ics(
        partnership_calendar(name=partnership.display_title, partnerships=[partnership]),
        f"partnership-{partnership.pk}",
    )


@require_safe
def organisation_ics(request: HttpRequest, token: str) -> HttpResponse:
    """An organisation's calendar at its secret address: calendar programs cannot sign in."""
    feed = CalendarFeed.objects.select_related("authority", "association").filter(token=token)
    found = feed.first()
    if found is None:
        raise Http404
    partnerships = partnerships_of(found.organisation)
    return _ics(
        partnership_calendar(name=found.organisation.display_name, partnerships=partnerships),
        "partnerships",
    )


@login_required
def calendars(request: HttpRequest) -> HttpResponse:
    """The viewer's organisations' calendar addresses; a new address revokes the old one."""
    if request.method == "POST":
        chosen = organisation_by_key(request.POST.get("organisation", ""))
        if chosen is None:
            raise Http404
        try:
            services.calendar_feed_rotate(organisation=chosen, actor=request.user)
        except PermissionRefused as error:
            return refused(request, error)
        messages.success(
            request, _("The calendar address was made; any earlier one no longer works.")
        )
        return redirect("partnerships:calendars")
    rows = [
        (
            organisation,
            organisation_key(organisation),
            request.build_absolute_uri(reverse("partnerships:organisation_ics", args=[token]))
            if token
            else "",
        )
        for organisation, token in calendar_tokens(viewer=request.user)
    ]
    return render(request, "partnerships/calendars.html", {"rows": rows})
