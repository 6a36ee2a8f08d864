"""What a task worker runs (`manage.py task_worker`): every job through one Procrastinate
task that calls the django-tasks task it names, the schedule, and the recovery of the jobs of
workers that died.

Two traps of Procrastinate's locks are closed here (procrastinate issues #1446 and #1543):
a job that fails or whose worker dies goes back to "todo", and if another job with the same
queueing lock was enqueued meanwhile, PostgreSQL's unique index refuses the move: the worker
is left with a job "doing" for ever, and a `lock` shared with other tasks blocks them all.
So a job gives up its queueing lock when it starts (the lock means "one is waiting"; a running
job waits no more), and the recovery of stalled jobs marks a job failed when it still cannot go
back: the job waiting with that queueing lock does the same work.
"""

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils import timezone
from django_tasks import TaskContext, TaskResult, TaskResultStatus
from procrastinate import App, BaseRetryStrategy, JobContext, RetryDecision, jobs
from procrastinate.contrib.django import DjangoApp, connector_params
from procrastinate.psycopg_connector import PsycopgConnector
from procrastinate.retry import RetryValue
from procrastinate.sql import queries

from pobratym.core.task_options import QueueOptions
from pobratym.core.task_queue import RUN_TASK, ProcrastinateBackend, import_task

logger = logging.getLogger(__name__)

#: The periodic job that runs again the jobs of workers that stopped sending heartbeats.
RECOVER_STALLED = "pobratym.recover_stalled_jobs"
#: The daily job that deletes finished jobs older than `keep_finished_days`, at a quiet hour.
REMOVE_OLD_JOBS = "pobratym.remove_old_jobs"
REMOVE_OLD_JOBS_SCHEDULE = "15 3 * * *"
FINISHED = ["succeeded", "failed", "cancelled", "aborted"]


def run_task(
    context: JobContext,
    task_path: str,
    args: list[Any],
    kwargs: dict[str, Any],
    timestamp: int | None = None,
) -> None:
    """What a worker does with a job: the django-tasks task's own function, called with the
    job's arguments (`timestamp` is Procrastinate's, given to a scheduled job)."""
    assert context.job.id is not None
    release_queueing_lock(context.job.id)
    task = import_task(task_path)
    if task.takes_context:
        result: TaskResult[Any] = TaskResult(
            task=task,
            id=str(context.job.id),
            status=TaskResultStatus.RUNNING,
            enqueued_at=None,
            started_at=timezone.now(),
            last_attempted_at=timezone.now(),
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=task.backend,
            errors=[],
            worker_ids=[str(context.job.worker_id or "") for _ in range(context.job.attempts + 1)],
        )
        task.call(TaskContext(task_result=result), *args, **kwargs)
    else:
        task.call(*args, **kwargs)


def release_queueing_lock(job_id: int) -> None:
    """A running job gives up its queueing lock: from now on another job of the task may wait,
    and this one can go back to waiting (a retry) without colliding with it."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET queueing_lock = NULL WHERE id = %s", [job_id])


@dataclass(frozen=True)
class Recovery:
    run_again: list[int]
    given_up: list[int]


def recover_stalled_jobs(options: QueueOptions) -> Recovery:
    """Jobs left running on workers silent for `stalled_after_seconds` (killed, host lost):
    back to the queue if their task has retries left, failed otherwise. One that cannot go
    back because a job with its queueing lock waits already is failed too: the waiting job
    does the same work."""
    run_again: list[int] = []
    given_up: list[int] = []
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
        # SKIP LOCKED: two recoveries at once (one ran late) share the jobs, never retry one
        # twice.
        cursor.execute(_STALLED_SQL, {"silent_seconds": options.stalled_after_seconds})
        for job_id, task_name, arguments_text, attempts in cursor.fetchall():
            retry = (
                options.for_task(json.loads(arguments_text).get("task_path", "")).retry
                if task_name == RUN_TASK
                else None
            )
            wait = None if retry is None else retry.wait_seconds(attempts)
            if wait is not None:
                try:
                    with transaction.atomic(using=DEFAULT_DB_ALIAS):
                        cursor.execute(
                            queries["retry_job"],
                            {
                                "job_id": job_id,
                                "retry_at": timezone.now(),
                                "new_priority": None,
                                "new_queue_name": None,
                                "new_lock": None,
                            },
                        )
                except IntegrityError:
                    logger.warning(
                        "Stalled job %s failed: a job with its queueing lock waits to do the work",
                        job_id,
                    )
                else:
                    run_again.append(job_id)
                    continue
            cursor.execute(
                queries["finish_job"],
                {"job_id": job_id, "status": jobs.Status.FAILED.value, "delete_job": False},
            )
            given_up.append(job_id)
    if run_again or given_up:
        logger.warning(
            "Stalled jobs: %s run again, %s failed", run_again or "none", given_up or "none"
        )
    return Recovery(run_again=run_again, given_up=given_up)


_STALLED_SQL = """
SELECT job.id, job.task_name, job.args::text, job.attempts
  FROM procrastinate_jobs job
 WHERE job.status = 'doing'
   AND (job.worker_id IS NULL OR job.worker_id IN (
        SELECT id FROM procrastinate_workers
         WHERE last_heartbeat < now() - make_interval(secs => %(silent_seconds)s)))
 ORDER BY job.id
   FOR UPDATE OF job SKIP LOCKED
"""


def remove_old_jobs(options: QueueOptions) -> int:
    """Delete the jobs finished (any way) over `keep_finished_days` ago, with their events;
    how many. Without it the table grows by a job a minute from the schedule alone."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            queries["delete_old_jobs"],
            {
                "statuses": FINISHED,
                "queue": None,
                "nb_hours": round(24 * options.keep_finished_days),
            },
        )
        return int(cursor.rowcount)


class RetryAsConfigured(BaseRetryStrategy):
    """Each job retried as its django-tasks task's options say (the one Procrastinate task
    carries them all)."""

    def __init__(self, options: QueueOptions) -> None:
        self.options = options

    def get_retry_decision(
        self, *, exception: BaseException, job: jobs.Job
    ) -> RetryDecision | None:
        retry = self.options.for_task(str(job.task_kwargs.get("task_path", ""))).retry
        wait = None if retry is None else retry.wait_seconds(job.attempts)
        return None if wait is None else RetryDecision(retry_in={"seconds": wait})


def worker_app(backend: ProcrastinateBackend) -> App:
    """The Procrastinate app a worker runs: the one task, the schedule and the recovery.

    Its connector is a pool of its own (workers listen for PostgreSQL's notifications, which
    Django's connection cannot); the tasks themselves use Django's connection as usual."""
    options = backend.queue_options
    app = DjangoApp(
        connector=PsycopgConnector(kwargs=connector_params(backend.database)),
        worker_defaults={
            "update_heartbeat_interval": options.heartbeat_seconds,
            "stalled_worker_timeout": options.stalled_after_seconds,
            "fetch_job_polling_interval": options.poll_seconds,
            "abort_job_polling_interval": options.poll_seconds,
        },
    )
    retry: RetryValue = RetryAsConfigured(options)
    run = app.task(name=RUN_TASK, pass_context=True, retry=retry)(run_task)
    for path, cron in options.schedule.items():
        task_options = options.for_task(path)
        app.periodic_registry.register_task(
            task=run,  # type: ignore[arg-type]
            cron=cron,
            periodic_id=path,
            configure_kwargs={
                "task_kwargs": {"task_path": path, "args": [], "kwargs": {}},
                "lock": task_options.lock,
                "queueing_lock": task_options.queueing_lock,
            },
        )

    # No lock and no retry: a recovery that dies would hold its lock until recovered, by
    # itself (procrastinate issue #1408); the next period's run does the work instead. The
    # same for the clean-up.
    def recover(timestamp: int) -> None:
        recover_stalled_jobs(options)

    def remove_old(timestamp: int) -> None:
        remove_old_jobs(options)

    for name, function, cron in (
        (RECOVER_STALLED, recover, options.recovery_schedule),
        (REMOVE_OLD_JOBS, remove_old, REMOVE_OLD_JOBS_SCHEDULE),
    ):
        app.periodic_registry.register_task(
            task=app.task(name=name)(function), cron=cron, periodic_id="", configure_kwargs={}
        )
    return app


def unimportable_tasks(options: QueueOptions) -> dict[str, str]:
    """The task paths the options name that do not import (path → why): checked when a
    worker starts, not when the web starts, so the settings may name a task before it ships."""
    problems = {}
    for path in options.task_paths():
        try:
            import_task(path)
        except ImportError as error:
            problems[path] = str(error)
    return problems
