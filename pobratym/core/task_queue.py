"""Background tasks on PostgreSQL through Procrastinate, behind the django-tasks interface.

The web processes enqueue as everywhere else (`some_task.enqueue(...)`); this backend turns
each call into one row of Procrastinate's jobs table, written on Django's own database
connection, so a job enqueued inside a transaction exists only once that transaction commits.
Every job is the same Procrastinate task, `RUN_TASK`, carrying the django-tasks task's dotted
path and its arguments: the worker (`task_worker.py`) imports that task and calls its
function, the same code the immediate backend runs in tests and the demo.

What a task may do (one at a time, at most one waiting, retries, a schedule) is configured in
`TASKS["default"]["OPTIONS"]` (`task_options.py`; the shape is in docs/deploy.md).
"""

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResult, TaskResultStatus, task_backends
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from procrastinate import exceptions, jobs
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.manager import JobManager
from typing_extensions import ParamSpec

from pobratym.core.task_options import QueueOptions

logger = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

#: The one Procrastinate task every django-tasks task is run through.
RUN_TASK = "pobratym.run_task"

PROCRASTINATE_APP = "procrastinate.contrib.django"


@dataclass(frozen=True, slots=True, kw_only=True)
class QueuedTaskResult(TaskResult[T]):
    """A job in Procrastinate's queue. `already_queued`: nothing was added, because a job of
    the task with the same queueing lock was waiting already; that one does the work."""

    already_queued: bool = False


class ProcrastinateBackend(BaseTaskBackend):
    """The django-tasks backend of production: jobs in PostgreSQL, run by
    `manage.py task_worker` on any number of hosts."""

    supports_defer = True
    supports_priority = True
    supports_get_result = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.queue_options = QueueOptions.parse(self.options)
        self.database = DEFAULT_DB_ALIAS
        # On Django's connection (not a pool of its own): a job joins the caller's transaction.
        self.job_manager = JobManager(connector=DjangoConnector(alias=self.database))

    def enqueue(
        self,
        task: Task[P, T],
        args: P.args,  # type: ignore[valid-type]
        kwargs: P.kwargs,  # type: ignore[valid-type]
    ) -> QueuedTaskResult[T]:
        self.validate_task(task)
        options = self.queue_options.for_task(task.module_path)
        job = jobs.Job(
            queue=task.queue_name,
            priority=task.priority,
            lock=options.lock,
            queueing_lock=options.queueing_lock,
            task_name=RUN_TASK,
            task_kwargs={
                "task_path": task.module_path,
                "args": normalize_json(list(args)),
                "kwargs": normalize_json(dict(kwargs)),
            },
            scheduled_at=task.run_after,
        )
        # A waiting job can start between the refused insert and the look-up for it (it then
        # gives up its queueing lock, see task_worker.py): try again, a few times at most.
        for _ in range(3):
            try:
                # A savepoint: the refused insert must not break the caller's transaction.
                with transaction.atomic(using=self.database):
                    deferred = self.job_manager.defer_job(job)
            except exceptions.AlreadyEnqueued:
                waiting_id = self._waiting_job_id(options.queueing_lock)
                if waiting_id is not None:
                    logger.info(
                        "Task %s is waiting already (queueing lock %s): job %s does the work",
                        task.module_path,
                        options.queueing_lock,
                        waiting_id,
                    )
                    return self._result(task, waiting_id, args, kwargs, already_queued=True)
            else:
                assert deferred.id is not None
                result = self._result(task, deferred.id, args, kwargs, already_queued=False)
                task_enqueued.send(type(self), task_result=result)
                return result
        raise exceptions.AlreadyEnqueued(
            f"{task.module_path}: queueing lock {options.queueing_lock} kept changing hands"
        )

    def _waiting_job_id(self, queueing_lock: str | None) -> int | None:
        with connections[self.database].cursor() as cursor:
            cursor.execute(
                "SELECT id FROM procrastinate_jobs WHERE queueing_lock = %s AND status = 'todo'",
                [queueing_lock],
            )
            row = cursor.fetchone()
        return None if row is None else int(row[0])

    def _result(
        self, task: Task[P, T], job_id: int, args: Any, kwargs: Any, *, already_queued: bool
    ) -> QueuedTaskResult[T]:
        return QueuedTaskResult(
            task=task,
            id=str(job_id),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
            already_queued=already_queued,
        )

    def get_result(self, result_id: str) -> TaskResult[Any]:
        """The job's state and times. Procrastinate keeps neither return values nor
        tracebacks: a result's return value is None, its errors empty (the worker's log has
        them), and its worker ids are one per run, named where the worker is still known."""
        if not result_id.isdigit():
            raise TaskResultDoesNotExist(result_id)
        with connections[self.database].cursor() as cursor:
            cursor.execute(_RESULT_SQL, {"job_id": int(result_id), "task_name": RUN_TASK})
            row = cursor.fetchone()
        if row is None:
            raise TaskResultDoesNotExist(result_id)
        (
            status,
            arguments_text,
            worker_id,
            enqueued_at,
            started_at,
            last_started_at,
            ended_at,
            runs,
        ) = row
        # As text: Django's PostgreSQL backend leaves JSON to its fields, not to raw queries.
        arguments = json.loads(arguments_text)
        try:
            task = import_task(arguments["task_path"])
        except ImportError as error:
            raise TaskResultDoesNotExist(result_id) from error
        return TaskResult(
            task=task,
            id=result_id,
            status=_STATUSES[status],
            enqueued_at=enqueued_at,
            started_at=started_at,
            last_attempted_at=last_started_at,
            finished_at=ended_at,
            args=arguments["args"],
            kwargs=arguments["kwargs"],
            backend=self.alias,
            errors=[],
            worker_ids=["" for _ in range(runs - 1)] + ([str(worker_id or "")] if runs else []),
        )

    def queue_health(self) -> str | None:
        """None if the queue works; otherwise what is wrong, in a short sentence for an
        operator: the table unreachable, a job waiting too long (no worker takes jobs), or
        jobs left on dead workers long after the recovery should have run them again."""
        options = self.queue_options
        try:
            with (
                transaction.atomic(using=self.database),
                connections[self.database].cursor() as cursor,
            ):
                cursor.execute(_HEALTH_SQL, {"silent_seconds": 2 * options.stalled_after_seconds})
                waiting_seconds, stalled = cursor.fetchone()
        except DatabaseError as error:
            return f"The task queue cannot be read ({type(error).__name__}: {error})."
        if stalled:
            return (
                f"{stalled} jobs are left on workers silent for over "
                f"{2 * options.stalled_after_seconds:.0f} s: is any worker running?"
            )
        if waiting_seconds is not None and waiting_seconds > 60 * options.health_waiting_minutes:
            return (
                f"A job has waited {waiting_seconds / 60:.0f} minutes "
                f"(more than {options.health_waiting_minutes:.0f}): are the workers running?"
            )
        return None

    def check(self, **kwargs: Any) -> Iterable[checks.CheckMessage]:
        vendor = connections[self.database].vendor
        if vendor != "postgresql":
            yield checks.Error(
                f"The task backend {type(self).__name__} keeps its jobs in PostgreSQL, and "
                f"the database is {vendor}.",
                hint=(
                    "Set DATABASE_URL to a PostgreSQL database, or leave TASKS_BACKEND unset "
                    "to run tasks immediately (the embedded default)."
                ),
                id="pobratym.core.E001",
            )
        if not apps.is_installed(PROCRASTINATE_APP):
            yield checks.Error(
                f"The task backend {type(self).__name__} needs {PROCRASTINATE_APP!r} in "
                "INSTALLED_APPS (its migrations create the jobs table).",
                id="pobratym.core.E002",
            )


_STATUSES = {
    "todo": TaskResultStatus.READY,
    "doing": TaskResultStatus.RUNNING,
    "succeeded": TaskResultStatus.SUCCESSFUL,
    "failed": TaskResultStatus.FAILED,
    "cancelled": TaskResultStatus.FAILED,
    "aborted": TaskResultStatus.FAILED,
}

_RESULT_SQL = """
SELECT job.status, job.args::text, job.worker_id,
       min(event.at) FILTER (WHERE event.type = 'deferred'),
       min(event.at) FILTER (WHERE event.type = 'started'),
       max(event.at) FILTER (WHERE event.type = 'started'),
       max(event.at) FILTER (WHERE event.type IN ('succeeded', 'failed', 'cancelled', 'aborted')),
       count(*) FILTER (WHERE event.type = 'started')
  FROM procrastinate_jobs job
  LEFT JOIN procrastinate_events event ON event.job_id = job.id
 WHERE job.id = %(job_id)s AND job.task_name = %(task_name)s
 GROUP BY job.id
"""

# How long the oldest job due has waited (since enqueued, or since its retry was due), and
# how many running jobs belong to workers silent for too long (or gone from the table).
_HEALTH_SQL = """
SELECT
  (SELECT extract(epoch FROM now() - min(coalesce(job.scheduled_at, event.at)))
     FROM procrastinate_jobs job
     JOIN procrastinate_events event ON event.job_id = job.id AND event.type = 'deferred'
    WHERE job.status = 'todo' AND (job.scheduled_at IS NULL OR job.scheduled_at <= now())),
  (SELECT count(*)
     FROM procrastinate_jobs job
     LEFT JOIN procrastinate_workers worker ON worker.id = job.worker_id
    WHERE job.status = 'doing'
      AND (worker.id IS NULL
           OR worker.last_heartbeat < now() - make_interval(secs => %(silent_seconds)s)))
"""


def import_task(path: str) -> Task[Any, Any]:
    """The django-tasks task at a dotted path; ImportError, naming the path, otherwise."""
    found = import_string(path)
    if not isinstance(found, Task):
        raise ImportError(f"{path} is not a django-tasks task (decorate it with @task())")
    return found


def queue_backend() -> ProcrastinateBackend:
    """The configured task backend, which the worker needs to be this one."""
    current = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(current, ProcrastinateBackend):
        raise ImproperlyConfigured(
            f"TASKS['default'] uses {type(current).__name__}; task workers need "
            "TASKS_BACKEND=pobratym.core.task_queue.ProcrastinateBackend."
        )
    return current
