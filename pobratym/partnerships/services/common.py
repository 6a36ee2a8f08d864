"""What the partnership writes share: clean text, dates that agree, locking, history rows."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.exchange.services import cleaning

from ..models import MAX_NOTE, MAX_TEXT, MAX_TITLE, Partnership, StateChange

Errors = cleaning.Errors
invalid = cleaning.invalid


def text(
    value: str, *, field: str, errors: Errors, required: bool = False, limit: int = MAX_TEXT
) -> str:
    return cleaning.plain_text(value, field=field, limit=limit, errors=errors, required=required)


def title(value: str, errors: Errors, *, field: str = "title") -> str:
    return text(value, field=field, errors=errors, required=True, limit=MAX_TITLE)


def note(value: str, errors: Errors) -> str:
    return text(value, field="note", errors=errors, limit=MAX_NOTE)


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
    actor: Any,
    note: str = "",
    imported: bool = False,
    at: datetime | None = None,
) -> StateChange:
    return StateChange.objects.create(
        partnership=partnership,
        from_state=from_state,
        to_state=to_state,
        by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        imported=imported,
        at=at or timezone.now(),
    )
