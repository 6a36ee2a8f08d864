"""iCalendar feeds: activities, follow-ups falling due and agreement renewals, as all-day events.

Each event's UID is stable (the record's kind and id at the site's host), so a calendar that
subscribes to the feed updates events rather than duplicating them.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Partnership


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _event(
    *, uid: str, summary: str, starts: date, ends: date | None, stamp: datetime, url: str
) -> Event | None:
    """An all-day event, or None for dates no calendar can hold: a record stored before its
    dates were bounded (31 December 9999 has no day after) must not break the whole feed."""
    if (ends or starts) >= date.max or starts > (ends or starts):
        return None
    event = Event()
    event.add("uid", f"{uid}@{urlsplit(settings.SITE_URL).hostname or 'pobratym.invalid'}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", starts)
    # DTEND of an all-day event is the day after the last one (RFC 5545, 3.6.1).
    event.add("dtend", (ends or starts) + timedelta(days=1))
    event.add("url", url)
    return event


def _add(calendar: Calendar, event: Event | None) -> None:
    if event is not None:
        calendar.add_component(event)


def partnership_calendar(*, name: str, partnerships: Iterable[Partnership]) -> bytes:
    """The feed for these partnerships (activities, follow-ups and agreements prefetched)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Pobratym//partnerships//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for partnership in partnerships:
        title = partnership.display_title
        url = _link(partnership.get_absolute_url())
        for activity in partnership.activities.all():
            event = _event(
                uid=f"activity-{activity.pk}",
                summary=f"{activity.title} ({title})",
                starts=activity.starts_on,
                ends=activity.ends_on,
                stamp=stamp,
                url=url,
            )
            if event is not None:
                event.add("categories", [str(activity.get_kind_display())])
                if activity.place:
                    event.add("location", activity.place)
                if activity.agenda:
                    event.add("description", activity.agenda)
                calendar.add_component(event)
            for followup in activity.followups.all():
                if followup.due_on is None or followup.is_done:
                    continue
                summary = _("Follow-up due: %(what)s") % {"what": followup.text}
                _add(
                    calendar,
                    _event(
                        uid=f"followup-{followup.pk}",
                        summary=f"{summary} ({title})",
                        starts=followup.due_on,
                        ends=None,
                        stamp=stamp,
                        url=url,
                    ),
                )
        for agreement in partnership.agreements.all():
            if agreement.renewal_on is None:
                continue
            summary = _("Agreement renewal: %(title)s") % {"title": agreement.title}
            _add(
                calendar,
                _event(
                    uid=f"agreement-renewal-{agreement.pk}",
                    summary=f"{summary} ({title})",
                    starts=agreement.renewal_on,
                    ends=None,
                    stamp=stamp,
                    url=url,
                ),
            )
    content: bytes = calendar.to_ical()
    return content
