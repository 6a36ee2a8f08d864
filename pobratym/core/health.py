"""Is this process able to serve: what a load balancer or a monitor asks /health/.

Two checks, each answering None when fine or a short word for the operator: the database
answers a trivial query, and the task queue is reachable. Neither says more than that (no
host, no error text, nothing about anyone): the answer is public. What went wrong is logged.
"""

import logging

from django.db import connection
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

UNAVAILABLE = "unavailable"


def database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database did not answer.")
        return UNAVAILABLE
    return None


def tasks_state() -> tuple[bool, str]:
    """(fine, what to show): "immediate" when tasks run inside the request (the embedded
    default, nothing to reach), "ok" when the backend says its queue is fine, else the
    backend's own short word for the problem. A backend that cannot tell is "unchecked"."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, ImmediateBackend):
        return True, "immediate"
    queue_health = getattr(backend, "queue_health", None)
    if queue_health is None:
        return True, "unchecked"
    try:
        problem = queue_health()
    except Exception:
        logger.exception("Health check: the task queue did not answer.")
        return False, UNAVAILABLE
    if problem is None:
        return True, "ok"
    logger.warning("Health check: the task queue: %s", problem)
    return False, str(problem)
