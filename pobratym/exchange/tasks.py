"""Background work of the exchange: ids in, one service call, idempotent."""

from django_tasks import task


@task()
def embed_text(*, kind: str, object_id: int) -> None:
    """Embed a need's or an offer's text (kind "need" or "offer"); a no-op if it is unchanged."""
    # Imported here: the services queue this task, so a module-level import would be circular.
    from .services import text_embedding_refresh  # noqa: PLC0415

    text_embedding_refresh(kind=kind, object_id=object_id)
