"""Background tasks on PostgreSQL through Procrastinate, behind the django-tasks interface.

The web processes enqueue as everywhere else (`some_task.enqueue(...)`); this backend turns
each call into one row of Procrastinate's jobs table, written on Django's own database
connection, so a job enqueued inside a transaction exists only once that transaction commits.
Every job is the same Procrastinate task, `RUN_TASK`, carrying the django-tasks task's dotted
path and its arguments: the worker imports that task and calls its function, the same code the
immediate backend runs in tests and the demo.

What a task may do (one at a time, at most one waiting, retries, a schedule) is configured in
`TASKS["default"]["OPTIONS"]`, read by `QueueOptions.parse` (the shape is in docs/deploy.md).

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import croniter
from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import (
    DEFAULT_TASK_BACKEND_ALIAS,
    TaskContext,
    TaskResult,
    TaskResultStatus,
    task_backends,
)
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from procrastinate import App, BaseRetryStrategy, JobContext, RetryDecision, exceptions, jobs
from procrastinate.contrib.django import DjangoApp, connector_params
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.manager import JobManager
from procrastinate.psycopg_connector import PsycopgConnector
from procrastinate.retry import RetryValue
from procrastinate.sql import queries
from typing_extensions import ParamSpec

logger = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

#: The one Procrastinate task every django-tasks task is run through.
RUN_TASK = "pobratym.run_task"
#: The periodic job that runs again the jobs of workers that stopped sending heartbeats.
RECOVER_STALLED = "pobratym.recover_stalled_jobs"

PROCRASTINATE_APP = "procrastinate.contrib.django"


@dataclass(frozen=True)
class Retry:
    """Run a failed task again up to `retries` times, waiting backoff_seconds ** n before the
    n-th retry (3: 3 s, 9 s, 27 s, …)."""

    retries: int
    backoff_seconds: int

    def wait_seconds(self, attempts: int) -> int | None:
        """How long to wait after a job's `attempts`-th failed run; None: give up."""
        if attempts >= self.retries:
            return None
        return int(self.backoff_seconds ** (attempts + 1))


@dataclass(frozen=True)
class TaskOptions:
    #: Jobs sharing a lock never run at the same time, on any worker.
    lock: str | None = None
    #: At most one job with this queueing lock waits in the queue; enqueuing another while
    #: one waits adds nothing (the waiting one does the work).
    queueing_lock: str | None = None
    retry: Retry | None = None


@dataclass(frozen=True)
class QueueOptions:
    """`TASKS["default"]["OPTIONS"]`, checked once: a typo fails at start, not at 3 a.m."""

    tasks: Mapping[str, TaskOptions] = field(default_factory=dict)
    default_retry: Retry | None = Retry(retries=5, backoff_seconds=3)
    #: dotted task path → cron expression (5 fields, or 6 with seconds last).
    schedule: Mapping[str, str] = field(default_factory=dict)
    heartbeat_seconds: float = 10
    #: A worker silent this long is taken for dead: its running jobs are run again.
    stalled_after_seconds: float = 60
    #: When the workers look for stalled jobs (one of them, once per period).
    recovery_schedule: str = "* * * * *"
    #: How often an idle worker asks for jobs besides PostgreSQL's notifications (a retry
    #: waiting for its time is found by this poll).
    poll_seconds: float = 5
    #: The health check reports a job that has waited longer than this.
    health_waiting_minutes: float = 15

    def for_task(self, path: str) -> TaskOptions:
        configured = self.tasks.get(path)
        if configured is None:
            return TaskOptions(retry=self.default_retry)
        return configured

    def task_paths(self) -> list[str]:
        """Every task the options name, each once: the worker imports them all at start."""
        return list(dict.fromkeys([*self.tasks, *self.schedule]))

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> "QueueOptions":
        unknown = set(raw) - set(cls.__dataclass_fields__)
        if unknown:
            raise _bad_option(f"unknown keys {sorted(unknown)}")
        default_retry = cls.default_retry
        if "default_retry" in raw:
            default_retry = _parse_retry(raw["default_retry"], "default_retry")
        tasks = {
            path: _parse_task_options(path, value, default_retry)
            for path, value in _mapping(raw.get("tasks", {}), "tasks").items()
        }
        schedule = dict(_mapping(raw.get("schedule", {}), "schedule"))
        for path, cron in schedule.items():
            _check_cron(cron, f"schedule[{path!r}]")
        recovery_schedule = raw.get("recovery_schedule", cls.recovery_schedule)
        _check_cron(recovery_schedule, "recovery_schedule")
        numbers = {
            name: _positive_number(raw[name], name)
            for name in (
                "heartbeat_seconds",
                "stalled_after_seconds",
                "poll_seconds",
                "health_waiting_minutes",
            )
            if name in raw
        }
        options = cls(
            tasks=tasks,
            default_retry=default_retry,
            schedule=schedule,
            recovery_schedule=recovery_schedule,
            **numbers,
        )
        if options.stalled_after_seconds <= 2 * options.heartbeat_seconds:
            # A live worker late with one heartbeat must not have its jobs run twice.
            raise _bad_option("stalled_after_seconds must exceed twice heartbeat_seconds")
        return options


def _bad_option(problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f'TASKS["default"]["OPTIONS"]: {problem}.')


def _mapping(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _bad_option(f"{name} must be a dict")
    return value


def _positive_number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _bad_option(f"{name} must be a positive number, not {value!r}")
    return float(value)


def _check_cron(value: Any, name: str) -> None:
    if not isinstance(value, str) or not croniter.croniter.is_valid(value):
        raise _bad_option(f"{name} is not a cron expression: {value!r}")


def _parse_retry(value: Any, name: str) -> Retry | None:
    if value is False or value is None:
        return None
    fields = _mapping(value, name)
    if set(fields) != {"retries", "backoff_seconds"}:
        raise _bad_option(f"{name} needs exactly retries and backoff_seconds, or False")
    numbers = [fields["retries"], fields["backoff_seconds"]]
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in numbers):
        raise _bad_option(f"{name}: retries and backoff_seconds are whole numbers, 0 or more")
    return Retry(retries=fields["retries"], backoff_seconds=fields["backoff_seconds"])


def _parse_task_options(path: str, value: Any, default_retry: Retry | None) -> TaskOptions:
    name = f"tasks[{path!r}]"
    fields = _mapping(value, name)
    unknown = set(fields) - {"lock", "queueing_lock", "retry"}
    if unknown:
        raise _bad_option(f"{name}: unknown keys {sorted(unknown)}")
    for lock in ("lock", "queueing_lock"):
        if not isinstance(fields.get(lock, ""), str):
            raise _bad_option(f"{name}: {lock} must be a string")
    retry = _parse_retry(fields["retry"], f"{name}.retry") if "retry" in fields else default_retry
    return TaskOptions(
        lock=fields.get("lock") or None,
        queueing_lock=fields.get("queueing_lock") or None,
        retry=retry,
    )


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
        # waits no more, see the module's notes): try again, a few times at most.
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
                        "Stalled job %s waits already under its queueing lock: failed", job_id
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
    # itself (procrastinate issue #1408); the next period's run does the work instead.
    def recover(timestamp: int) -> None:
        recover_stalled_jobs(options)

    recovery = app.task(name=RECOVER_STALLED)(recover)
    app.periodic_registry.register_task(
        task=recovery,
        cron=options.recovery_schedule,
        periodic_id="",
        configure_kwargs={},
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
