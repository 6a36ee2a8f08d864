"""The task queue's options, `TASKS["default"]["OPTIONS"]` (docs/deploy.md, "Task workers"):
checked once when the backend is created, so a typo fails at start, not at 3 a.m."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import croniter
from django.core.exceptions import ImproperlyConfigured


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
    default_retry: Retry | None = Retry(retries=6, backoff_seconds=3)
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
    #: Finished jobs are deleted this long after they ended (every night).
    keep_finished_days: float = 14

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
                "keep_finished_days",
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
