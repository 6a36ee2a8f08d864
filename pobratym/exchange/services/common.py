"""What needs and offers share once their input is clean: search keys, items, audit values,
and the embedding that follows every saved text."""

import re
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from pobratym.core.audit import snapshot
from pobratym.core.textkeys import search_key

from ..enums import RecordKind
from ..language import detect_language
from ..models import Need, NeedItem, Offer, OfferItem, Sector
from .cleaning import CleanItem, item_record


def text_language(title: str, description: str) -> str:
    # The title alone is often too short to tell; together they rarely are.
    return detect_language(f"{title}\n{description}")


# fold() drops apostrophes so that "здоров'я" stays one word; French and Italian elision
# ("l'énergie", "dell'acqua") then hides the noun, so the key also gets the words split there.
_APOSTROPHES = re.compile("['’ʼ`´‘]")


def record_search_key(title: str, description: str, items: Sequence[CleanItem]) -> str:
    texts = [title, description, *(item.name for item in items)]
    return search_key([*texts, *(_APOSTROPHES.sub(" ", text) for text in texts)])


def replace_items(record: Need | Offer, items: Sequence[CleanItem]) -> None:
    """The record's items become exactly these, in this order."""
    if isinstance(record, Need):
        record.items.all().delete()
        NeedItem.objects.bulk_create(
            NeedItem(need=record, position=i, name=it.name, quantity=it.quantity, unit=it.unit)
            for i, it in enumerate(items)
        )
    else:
        record.items.all().delete()
        OfferItem.objects.bulk_create(
            OfferItem(offer=record, position=i, name=it.name, quantity=it.quantity, unit=it.unit)
            for i, it in enumerate(items)
        )


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


def embed_after_commit(kind: RecordKind, object_id: int) -> None:
    """Queue the embedding of the record's text once the transaction has committed.

    After commit, so that a worker never looks for a record that is not there yet, and a
    rolled-back write queues nothing.
    """
    from ..tasks import embed_text

    transaction.on_commit(lambda: embed_text.enqueue(kind=str(kind), object_id=object_id))
