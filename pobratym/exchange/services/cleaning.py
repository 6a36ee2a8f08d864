"""Checks every write of the exchange shares: plain text, sectors, items, amounts, choices.

Each collects its findings into one errors dict ({field: translated message}; an item's field
is "items.<index>.<field>"), so a form shows every problem at once.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..enums import Unit
from ..models import (
    MAX_COST_EUR,
    MAX_DESCRIPTION,
    MAX_ITEM_NAME,
    MAX_QUANTITY,
    MAX_TITLE,
    NeedItem,
    OfferItem,
    Sector,
)

MAX_ITEMS = 50
Errors = dict[str, str]

# A tag starts with a letter, "/" or "!" right after "<": "<b>", "</p>", "<!--", "<img src=…>".
# "5 < 10", "<5 kW" and "a <- b" stay plain text.
_TAG = re.compile(r"<[/!]?[a-zA-Z][^<>]*>|<!--")
# Control characters other than tab and newline: PostgreSQL refuses NUL in text, and the others
# only ever arrive by accident (copied from a PDF or a spreadsheet) and render as nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class ItemIn:
    """An item as a form or the API submits it; quantity may still be a string.

    `id` names the record's existing item this row edits (forms send it back), so that aid
    recorded against the item stays with it when the editor changes its name or quantity.
    """

    name: str
    quantity: Decimal | int | float | str
    unit: str
    id: int | None = None


@dataclass(frozen=True)
class CleanItem:
    name: str
    quantity: Decimal
    unit: str
    id: int | None = None


def plain_text(value: str, *, field: str, limit: int, errors: Errors, required: bool) -> str:
    """The text without stray control characters and outer spaces, or an error about it.

    HTML is refused, not stripped: stripping would silently change what a person wrote, and
    the text is escaped wherever it is shown anyway. The length is checked before anything
    else looks at the text, so a megabyte of input costs one len().
    """
    if len(value) > limit * 2:
        # Far over the limit: not worth cleaning, and the message is the same.
        errors[field] = _too_long(limit)
        return ""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if required and not text:
        errors[field] = _("This field cannot be empty.")
    elif len(text) > limit:
        errors[field] = _too_long(limit)
    elif _TAG.search(text):
        errors[field] = _("Write plain text: HTML tags such as <b> are not accepted.")
    return text


def _too_long(limit: int) -> str:
    return ngettext(
        "Keep it under %(limit)d character.", "Keep it under %(limit)d characters.", limit
    ) % {"limit": limit}


def title_and_description(title: str, description: str, errors: Errors) -> tuple[str, str]:
    return (
        plain_text(title, field="title", limit=MAX_TITLE, errors=errors, required=True),
        plain_text(
            description, field="description", limit=MAX_DESCRIPTION, errors=errors, required=False
        ),
    )


def choice(value: str, allowed: Iterable[str], *, field: str, errors: Errors) -> str:
    if value not in set(allowed):
        errors[field] = _("Choose a value from the list.")
    return value


def sectors(codes: Sequence[str], errors: Errors) -> list[Sector]:
    """The active sectors named by the codes, in taxonomy order; at least one."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not wanted:
        errors["sectors"] = _("Choose at least one sector.")
        return []
    found = {s.code: s for s in Sector.objects.filter(code__in=wanted, is_active=True)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        errors["sectors"] = _("Unknown sector: %(codes)s.") % {"codes": ", ".join(unknown)[:200]}
        return []
    return sorted(found.values(), key=lambda sector: sector.position)


def _number(value: Decimal | int | float | str | None) -> Decimal | None:
    """A finite Decimal, or None when the value is not a number.

    Strings are read as plain numbers ("2.5"): forms turn localised input ("2,5") into
    Decimals first, and a comma here could be a decimal or a thousands separator.
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def amount_eur(
    value: Decimal | int | float | str | None, *, field: str, errors: Errors
) -> Decimal | None:
    """An optional amount in euros: not negative, not more than MAX_COST_EUR, to the cent."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _number(value)
    if number is None:
        errors[field] = _("Enter an amount in euros, e.g. 25000.")
        return None
    if number < 0:
        errors[field] = _("The amount cannot be negative.")
    elif number > MAX_COST_EUR:
        errors[field] = _("The amount cannot be more than %(limit)s EUR.") % {
            "limit": number_format(MAX_COST_EUR, decimal_pos=0, force_grouping=True)
        }
    elif number != number.quantize(_CENT, rounding=ROUND_HALF_UP):
        errors[field] = _("Give the amount to the cent at most.")
    return number.quantize(_CENT) if field not in errors else None


def items(submitted: Sequence[ItemIn], errors: Errors) -> list[CleanItem]:
    """Every item checked; errors name the item's position and field."""
    if len(submitted) > MAX_ITEMS:
        errors["items"] = ngettext(
            "List at most %(limit)d item.", "List at most %(limit)d items.", MAX_ITEMS
        ) % {"limit": MAX_ITEMS}
        return []
    cleaned: list[CleanItem] = []
    for index, item in enumerate(submitted):
        prefix = f"items.{index}."
        name = plain_text(
            item.name, field=prefix + "name", limit=MAX_ITEM_NAME, errors=errors, required=True
        )
        quantity = _number(item.quantity)
        if quantity is None:
            errors[prefix + "quantity"] = _("Enter the quantity as a number.")
        elif quantity <= 0:
            errors[prefix + "quantity"] = _("The quantity must be more than zero.")
        elif quantity > MAX_QUANTITY:
            errors[prefix + "quantity"] = _("The quantity cannot be more than %(limit)s.") % {
                "limit": number_format(MAX_QUANTITY, decimal_pos=0, force_grouping=True)
            }
        elif quantity != quantity.quantize(_CENT, rounding=ROUND_HALF_UP):
            errors[prefix + "quantity"] = _("Use at most two decimal places.")
        if item.unit not in Unit.values:
            errors[prefix + "unit"] = _("Choose a unit from the list.")
        if quantity is not None and not any(key.startswith(prefix) for key in errors):
            cleaned.append(
                CleanItem(name=name, quantity=quantity.quantize(_CENT), unit=item.unit, id=item.id)
            )
    return cleaned


def item_problems(submitted: Sequence[ItemIn]) -> Errors:
    """What is wrong with the items, without writing anything: a page shows these beside the
    other fields' errors even when the rest of the form stops the write earlier."""
    errors: Errors = {}
    items(submitted, errors)
    return errors


def item_record(item: CleanItem | NeedItem | OfferItem) -> dict[str, str]:
    """An item as the audit log keeps it."""
    return {
        "name": item.name,
        "quantity": str(Decimal(item.quantity).quantize(_CENT)),
        "unit": item.unit,
    }
