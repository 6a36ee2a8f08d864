"""What needs and offers share once their input is clean: search keys, items, audit values,
the update itself, and the embedding that follows every saved text."""

import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import ngettext

from pobratym.core.audit import audit_record, changes_between, snapshot
from pobratym.core.errors import InvalidInput
from pobratym.core.textkeys import fold, search_key
from pobratym.core.viewer import Viewer

from ..enums import RecordKind
from ..language import record_language
from ..models import Need, NeedItem, Offer, OfferItem, Sector
from ..tasks import embed_text
from .cleaning import CleanItem, item_record


def text_language(title: str, description: str) -> str:
    # The title alone is often too short to tell; together they rarely are.
    return record_language(f"{title}\n{description}")


# fold() drops apostrophes so that "здоров'я" stays one word; French and Italian elision
# ("l'énergie", "dell'acqua") then hides the noun, so the key also gets the words split there.
_APOSTROPHES = re.compile("['’ʼ`´‘]")


def record_search_key(title: str, description: str, items: Sequence[CleanItem]) -> str:
    texts = [title, description, *(item.name for item in items)]
    return search_key([*texts, *(_APOSTROPHES.sub(" ", text) for text in texts)])


def replace_items(record: Need | Offer, items: Sequence[CleanItem]) -> None:
    """The record's items become exactly these, in this order.

    An existing item is edited in place, not replaced, when a row names it by id or, failing
    that, has its name (case and accents aside) and unit: aid recorded against it (a delivery
    line) stays with it. An item that changes its unit is another item. An item with recorded
    aid cannot be removed (the database protects it): that is refused, and nothing changes.
    """
    model: type[NeedItem] | type[OfferItem] = NeedItem if isinstance(record, Need) else OfferItem
    unclaimed = {item.pk: item for item in record.items.all()}
    kept: list[NeedItem | OfferItem] = []
    fresh: list[NeedItem | OfferItem] = []
    for position, item in enumerate(items):
        row = _claim(unclaimed, item)
        if row is None:
            fresh.append(model(**{_owner(record): record}, position=position, **_fields(item)))
            continue
        for name, value in _fields(item).items():
            setattr(row, name, value)
        row.position = position
        kept.append(row)
    kept_in_use = _remove(list(unclaimed.values()))
    if kept_in_use:
        raise InvalidInput.of_fields(
            {
                "items": ngettext(
                    "Aid was recorded against %(items)s: it cannot be removed or change its "
                    "unit. Change its quantity instead.",
                    "Aid was recorded against %(items)s: they cannot be removed or change their "
                    "unit. Change their quantities instead.",
                    len(kept_in_use),
                )
                % {"items": ", ".join(f"«{row.name}»" for row in kept_in_use)}
            }
        )
    # Every row here is of `model`: mypy cannot tie the two unions together.
    model.objects.bulk_update(kept, ["name", "quantity", "unit", "position"])  # type: ignore[arg-type]
    model.objects.bulk_create(fresh)  # type: ignore[arg-type]


def _owner(record: Need | Offer) -> str:
    return "need" if isinstance(record, Need) else "offer"


def _fields(item: CleanItem) -> dict[str, Any]:
    return {"name": item.name, "quantity": item.quantity, "unit": item.unit}


def _claim(
    unclaimed: dict[int, NeedItem | OfferItem], item: CleanItem
) -> NeedItem | OfferItem | None:
    """The existing item this row edits: by id, else the first with its name and unit."""
    row = unclaimed.get(item.id) if item.id is not None else None
    if row is None:
        row = next(
            (
                candidate
                for candidate in unclaimed.values()
                if fold(candidate.name) == fold(item.name) and candidate.unit == item.unit
            ),
            None,
        )
    if row is not None and row.unit != item.unit:
        return None
    if row is not None:
        del unclaimed[row.pk]
    return row


def _remove(rows: list[NeedItem | OfferItem]) -> list[NeedItem | OfferItem]:
    """Delete these items; return those the database keeps because aid refers to them."""
    in_use = []
    for row in rows:
        try:
            with transaction.atomic():
                row.delete()
        except ProtectedError:
            in_use.append(row)
    return in_use


def audit_values(record: Need | Offer, fields: Sequence[str]) -> dict[str, Any]:
    """The audited state of a record: its fields, sector codes and items, JSON-safe."""
    values = snapshot(record, fields)
    values["sectors"] = sorted(sector.code for sector in record.sectors.all())
    values["items"] = [item_record(item) for item in record.items.all()]
    return values


def proposed_values(
    record: Need | Offer,
    fields: Sequence[str],
    sectors: Sequence[Sector],
    items: Sequence[CleanItem],
) -> dict[str, Any]:
    """The audited state a record will have: its fields as set now, the new sectors and items."""
    values = snapshot(record, fields)
    values["sectors"] = sorted(sector.code for sector in sectors)
    values["items"] = [item_record(item) for item in items]
    return values


def record_update(
    record: Need | Offer,
    *,
    audited: Sequence[str],
    values: dict[str, Any],
    sectors: Sequence[Sector],
    items: Sequence[CleanItem],
    kind: RecordKind,
    verb: str,
    actor: Viewer,
) -> None:
    """Give a record clean values, sectors and items; save, audit and re-embed what changed.

    The language is detected again only when the text changed. Nothing at all is written when
    nothing changed.
    """
    before = audit_values(record, audited)
    if (values["title"], values["description"]) != (record.title, record.description):
        record.language = text_language(values["title"], values["description"])
    for name, value in values.items():
        setattr(record, name, value)
    changes = changes_between(before, proposed_values(record, audited, sectors, items))
    if not changes:
        return
    record.search_key = record_search_key(record.title, record.description, items)
    record.save()
    if "sectors" in changes:
        record.sectors.set(sectors)
    if "items" in changes:
        replace_items(record, items)
    audit_record(actor=actor, verb=verb, target=record, changes=changes)
    embed_after_commit(kind, record.pk)


def record_end(record: Need | Offer, *, status: str, verb: str, actor: Viewer) -> None:
    """Withdraw a need or close an offer (locked, still changeable): the status, audited."""
    before = record.status
    record.status = status
    record.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, verb=verb, target=record, changes={"status": [before, record.status]})


def embed_after_commit(kind: RecordKind, object_id: int) -> None:
    """Queue the embedding of the record's text once the transaction has committed.

    After commit, so that a worker never looks for a record that is not there yet, and a
    rolled-back write queues nothing.
    """
    transaction.on_commit(lambda: embed_text.enqueue(kind=str(kind), object_id=object_id))
