"""What the partnership writes share: clean text, dates that agree, locking, history rows."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pobratym.core.viewer import Viewer
from pobratym.exchange.services import cleaning

from ..models import MAX_NOTE, MAX_TEXT, MAX_TITLE, Partnership, StateChange

Errors = cleaning.Errors


def text(
    value: str, *, field: str, errors: Errors, required: bool = False, limit: int = MAX_TEXT
) -> str:
    return cleaning.plain_text(value, field=field, limit=limit, errors=errors, required=required)


def title(value: str, errors: Errors, *, field: str = "title") -> str:
    return text(value, field=field, errors=errors, required=True, limit=MAX_TITLE)


def note(value: str, errors: Errors) -> str:
    return text(value, field="note", errors=errors, limit=MAX_NOTE)


# The first twinnings of Ukrainian cities date from the 1950s; agreements run for years, but a
# date decades ahead is a typing slip (and year 9999 breaks every calendar that reads it).
EARLIEST_DATE = date(1950, 1, 1)
YEARS_AHEAD = 25


def latest_date() -> date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def in_range(day: date | None, *, field: str, errors: Errors) -> None:
    """An error on field when the date is before 1950 or more than 25 years ahead."""
    if day is not None and not EARLIEST_DATE <= day <= latest_date():
        errors[field] = _("Give a date between %(earliest)s and %(latest)s.") % {
            "earliest": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
            "latest": date_format(latest_date(), "SHORT_DATE_FORMAT"),
        }


def not_before(
    later: date | None, earlier: date | None, *, field: str, message: str, errors: Errors
) -> None:
    """An error on field when the later date comes before the earlier one."""
    if later is not None and earlier is not None and later < earlier:
        errors[field] = message


def end_before_start() -> str:
    return _("The end date is before the start date.")


def locked(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update(of=("self",)).get(pk=partnership.pk)


def record_state(
    partnership: Partnership,
    *,
    from_state: str,
    to_state: str,
    actor: Viewer,
    note: str = "",
    imported: bool = False,
    at: datetime | None = None,
) -> StateChange:
    return StateChange.objects.create(
        partnership=partnership,
        from_state=from_state,
        to_state=to_state,
        by=actor if actor.is_authenticated else None,
        note=note,
        imported=imported,
        at=at or timezone.now(),
    )
