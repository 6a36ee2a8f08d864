"""Background work of matching: the stored recommendations (keeper.py)."""

from django_tasks import task

from . import keeper


@task()
def refresh_recommendations() -> None:
    """Rewrite the stored lists that the latest changes touched; a no-op when nothing changed.

    Queued after every write that matching reads (triggers.py) and scheduled every minute as a
    safety net for writes that send no signal (bulk updates, imports)."""
    keeper.refresh()


@task()
def recompute_recommendations() -> None:
    """Rebuild the index and rewrite every stored list (nightly)."""
    keeper.refresh(everything=True)
