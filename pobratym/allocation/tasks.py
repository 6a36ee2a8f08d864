"""Background work of allocation rounds: ids in, one service call, idempotent."""

from django_tasks import task


@task()
def notify_round_published(*, round_id: int) -> None:
    """E-mail both sides of a published round's proposals; a no-op once done."""
    # Imported here: the services enqueue this task, so a module-level import would be circular.
    from .services.notifications import round_notify_sides  # noqa: PLC0415

    round_notify_sides(round_id=round_id)
