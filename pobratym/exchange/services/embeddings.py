"""The vector of each need's and offer's text, kept in step with the text."""

import hashlib

from django.db import transaction

from pobratym.semantics import embed_for_matching, embedded_text, vector_bytes

from ..embedding import get_embedder
from ..enums import RecordKind
from ..models import Need, Offer, TextEmbedding


def embedding_text(record: Need | Offer) -> str:
    """What is embedded: the title, the description and the items' names."""
    items = (item.name for item in record.items.all())
    return embedded_text([record.title, record.description, *items])


def text_embedding_refresh(*, kind: str, object_id: int) -> TextEmbedding | None:
    """Embed the record's text unless its current text was already embedded by this model.

    Idempotent and safe to retry: run twice, it embeds once. A record that no longer exists
    loses its vector. Returns the embedding, or None when the record is gone.
    """
    model: type[Need] | type[Offer] = Need if RecordKind(kind) == RecordKind.NEED else Offer
    record = model.objects.filter(pk=object_id).prefetch_related("items").first()
    if record is None:
        TextEmbedding.objects.filter(kind=kind, object_id=object_id).delete()
        return None
    text = embedding_text(record)
    text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    embedder = get_embedder()
    current = TextEmbedding.objects.filter(kind=kind, object_id=object_id).first()
    if current and current.text_hash == text_hash and current.model_name == embedder.name:
        return current
    vector = embed_for_matching(embedder, [text])[0]
    with transaction.atomic():
        embedding, _created = TextEmbedding.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            defaults={
                "text_hash": text_hash,
                "vector": vector_bytes(vector),
                "model_name": embedder.name,
            },
        )
    return embedding
