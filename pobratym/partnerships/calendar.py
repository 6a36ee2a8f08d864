"""iCalendar feeds: activities, follow-ups falling due and agreement renewals, as all-day events.

Each event's UID is stable (the record's kind and id at the site's host), so a calendar that
subscribes to the feed updates events rather than duplicating them.
"""

from collections.abc import Iterable, Iterator
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


# What a record puts in the feed: its UID, summary, first and last day, and properties of its own.
Dated = tuple[str, str, date, date | None, dict[str, str | list[str]]]


def _dated(partnership: Partnership) -> Iterator[Dated]:
    """A partnership's dated records in the feed's order: each activity followed by its
    follow-ups falling due, then the agreements' renewals."""
    for activity in partnership.activities.all():
        own: dict[str, str | list[str]] = {"categories": [str(activity.get_kind_display())]}
        if activity.place:
            own["location"] = activity.place
        if activity.agenda:
            own["description"] = activity.agenda
        yield f"activity-{activity.pk}", activity.title, activity.starts_on, activity.ends_on, own
        for followup in activity.followups.all():
            if followup.due_on is not None and not followup.is_done:
                summary = _("Follow-up due: %(what)s") % {"what": followup.text}
                yield f"followup-{followup.pk}", summary, followup.due_on, None, {}
    for agreement in partnership.agreements.all():
        if agreement.renewal_on is not None:
            summary = _("Agreement renewal: %(title)s") % {"title": agreement.title}
            yield f"agreement-renewal-{agreement.pk}", summary, agreement.renewal_on, None, {}


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
        for uid, summary, starts, ends, own in _dated(partnership):
            event = _event(
                uid=uid,
                summary=f"{summary} ({title})",
                starts=starts,
                ends=ends,
                stamp=stamp,
                url=url,
            )
            if event is not None:
                for key, value in own.items():
                    event.add(key, value)
                calendar.add_component(event)
    content: bytes = calendar.to_ical()
    return content
