"""Queue a refresh of the stored recommendations after each transaction that wrote something
matching reads: a need, an offer, a text embedding, an authority or a partnership.

Signals, not calls from the services: those apps sit below matching (docs/architecture.md) and
must not know about it.
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from pobratym.directory.models import Authority
from pobratym.exchange.models import Need, Offer, TextEmbedding
from pobratym.partnerships.models import Partnership

from .tasks import refresh_recommendations

WATCHED = (Need, Offer, TextEmbedding, Authority, Partnership)


def _enqueue_refresh() -> None:
    refresh_recommendations.enqueue()


def schedule_refresh(*, raw: bool = False, **_: Any) -> None:
    """After the transaction commits. Not once per transaction: the refreshes after the first
    find nothing changed (a few aggregate queries), and a queue keeps one of them waiting.
    Not for rows loaded as they are (fixtures, `manage.py restore`): they bring their stored
    lists along, and the scheduled refresh catches up with anything else."""
    if not raw:
        transaction.on_commit(_enqueue_refresh)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(schedule_refresh, sender=model, dispatch_uid=f"refresh-{model.__name__}")
        post_delete.connect(
            schedule_refresh, sender=model, dispatch_uid=f"refresh-gone-{model.__name__}"
        )
