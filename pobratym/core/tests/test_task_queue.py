"""The Procrastinate task backend without workers: options, jobs written, the system check,
stalled-job recovery and the queue's health."""

import json
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend, task_backends
from procrastinate import jobs

from pobratym.core.task_options import QueueOptions, Retry, TaskOptions
from pobratym.core.task_queue import RUN_TASK
from pobratym.core.task_worker import RetryAsConfigured, recover_stalled_jobs, remove_old_jobs
from pobratym.core.tests import worker_tasks
from pobratym.partnerships.tasks import notify_interest, send_reminders

BACKEND = "pobratym.core.task_queue.ProcrastinateBackend"
HOLD = "pobratym.core.tests.worker_tasks.hold"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Procrastinate's jobs table exists on PostgreSQL only (set DATABASE_URL)",
)


@pytest.fixture
def queue(settings):
    """The project's own options, on the Procrastinate backend."""
    settings.TASKS = {"default": {"BACKEND": BACKEND, "OPTIONS": django_settings.TASK_OPTIONS}}
    return task_backends["default"]


def job_rows(**where):
    clauses = " AND ".join(f"{column} = %s" for column in where) or "TRUE"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, status, lock, queueing_lock, args::text, queue_name, priority, attempts"
            f" FROM procrastinate_jobs WHERE {clauses} ORDER BY id",
            list(where.values()),
        )
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return [{**row, "args": json.loads(row["args"])} for row in rows]


def stall(job_id, *, silent_for="1 hour"):
    """Make a job "doing" on a worker whose last heartbeat is `silent_for` old."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - %s::interval)"
            " RETURNING id",
            [silent_for],
        )
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
            [worker_id, job_id],
        )


# Options


def test_the_projects_options_lock_matching_and_schedule_reminders():
    options = QueueOptions.parse(django_settings.TASK_OPTIONS)

    refresh = options.for_task("pobratym.matching.tasks.refresh_recommendations")
    assert (refresh.lock, refresh.queueing_lock) == ("matching", "matching-refresh")
    assert options.for_task("pobratym.matching.tasks.recompute_recommendations").lock == "matching"
    assert options.schedule["pobratym.partnerships.tasks.send_reminders"] == "0 8 * * *"
    assert options.schedule["pobratym.matching.tasks.recompute_recommendations"] == "30 2 * * *"


def test_a_task_without_options_gets_the_default_retry_and_no_lock():
    options = QueueOptions.parse({"default_retry": {"retries": 4, "backoff_seconds": 2}})

    assert options.for_task("pobratym.accounts.tasks.deliver_email") == TaskOptions(
        retry=Retry(retries=4, backoff_seconds=2)
    )


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({"task": {}}, "unknown keys ['task']"),
        ({"schedule": {HOLD: "every minute"}}, "every minute"),
        ({"tasks": {HOLD: {"locks": "x"}}}, "unknown keys ['locks']"),
        ({"tasks": {HOLD: {"retry": {"retries": 3}}}}, "retries and backoff_seconds"),
        ({"heartbeat_seconds": 0}, "heartbeat_seconds"),
        ({"heartbeat_seconds": 10, "stalled_after_seconds": 15}, "twice heartbeat_seconds"),
    ],
)
def test_a_mistake_in_the_options_is_refused_naming_it(raw, named):
    with pytest.raises(ImproperlyConfigured, match=named.replace("[", r"\[").replace("]", r"\]")):
        QueueOptions.parse(raw)


def test_retries_wait_longer_each_time_then_give_up():
    strategy = RetryAsConfigured(
        QueueOptions.parse({"tasks": {HOLD: {"retry": {"retries": 3, "backoff_seconds": 2}}}})
    )

    def wait_after(attempts):
        job = jobs.Job(
            queue="default",
            lock=None,
            queueing_lock=None,
            task_name=RUN_TASK,
            task_kwargs={"task_path": HOLD},
            attempts=attempts,
        )
        decision = strategy.get_retry_decision(exception=RuntimeError(), job=job)
        return (
            None
            if decision is None
            else round((decision.retry_at - timezone.now()).total_seconds())
        )

    assert [wait_after(attempts) for attempts in range(4)] == [2, 4, 8, None]


# The worker's start


def test_a_worker_refuses_to_start_on_the_immediate_backend():
    with pytest.raises(CommandError, match="task workers need TASKS_BACKEND"):
        call_command("task_worker")


def test_a_worker_refuses_to_start_while_a_scheduled_task_does_not_import(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": BACKEND,
            "OPTIONS": {
                "schedule": {"pobratym.core.tasks_to_come.tidy": "0 3 * * *", HOLD: "* * * * *"}
            },
        }
    }

    with pytest.raises(CommandError) as refused:
        call_command("task_worker")

    assert "pobratym.core.tasks_to_come.tidy" in str(refused.value)
    assert HOLD not in str(refused.value)


# The system check


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the check refuses non-PostgreSQL")
def test_the_system_check_refuses_the_queue_on_sqlite(settings):
    settings.TASKS = {"default": {"BACKEND": BACKEND}}

    errors = [message for message in run_checks() if message.id == "pobratym.core.E001"]

    assert len(errors) == 1
    assert "PostgreSQL" in errors[0].msg and "sqlite" in errors[0].msg
    assert "procrastinate.contrib.django" not in django_settings.INSTALLED_APPS


@postgresql_only
def test_the_system_check_accepts_the_queue_on_postgresql(settings):
    settings.TASKS = {"default": {"BACKEND": BACKEND}}

    assert [m.id for m in run_checks() if m.id.startswith("pobratym.core")] == []


# Enqueuing


@postgresql_only
def test_enqueue_writes_one_job_with_the_tasks_locks_and_arguments(db, queue):
    result = worker_tasks.hold.using(priority=5).enqueue("a", seconds=1.5)

    [job] = job_rows(id=int(result.id))
    assert job["status"] == "todo"
    assert (job["lock"], job["queueing_lock"]) == (None, None)  # not in the project's options
    assert job["args"] == {"task_path": HOLD, "args": ["a"], "kwargs": {"seconds": 1.5}}
    assert (job["queue_name"], job["priority"]) == ("default", 5)
    assert result.status == TaskResultStatus.READY and not result.already_queued


@postgresql_only
def test_a_task_to_run_later_waits_until_then(db, queue):
    later = timezone.now() + timedelta(hours=2)

    result = worker_tasks.hold.using(run_after=later).enqueue("later", seconds=0)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scheduled_at FROM procrastinate_jobs WHERE id = %s", [int(result.id)]
        )
        assert cursor.fetchone()[0] == later


@postgresql_only
def test_a_task_with_a_queueing_lock_waits_once_and_the_caller_is_told(db, queue):
    first = send_reminders.enqueue()

    with transaction.atomic():
        second = send_reminders.enqueue()
        # The refused insert has not broken the caller's transaction.
        notify_interest.enqueue(partnership_id=7)

    assert second.already_queued and second.id == first.id and not first.already_queued
    [job] = job_rows(queueing_lock="reminders")
    assert job["id"] == int(first.id)
    assert len(job_rows(status="todo")) == 2


@postgresql_only
def test_a_job_enqueued_in_a_rolled_back_transaction_is_gone(db, queue):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        worker_tasks.hold.enqueue("rolled back", seconds=0)
        raise Refused

    assert job_rows() == []


@postgresql_only
def test_the_result_of_a_job_is_read_back(db, queue):
    result = notify_interest.enqueue(partnership_id=7)

    read = default_task_backend.get_result(result.id)

    assert read.task == notify_interest and read.kwargs == {"partnership_id": 7}
    assert read.status == TaskResultStatus.READY and read.enqueued_at is not None
    stall(int(result.id))
    assert default_task_backend.get_result(result.id).status == TaskResultStatus.RUNNING


# Stalled jobs


@postgresql_only
def test_a_stalled_job_goes_back_to_the_queue(db, queue):
    result = worker_tasks.hold.enqueue("stalled", seconds=0)
    stall(int(result.id))

    recovery = recover_stalled_jobs(queue.queue_options)

    assert recovery.run_again == [int(result.id)]
    [job] = job_rows(id=int(result.id))
    assert (job["status"], job["attempts"]) == ("todo", 1)


@postgresql_only
def test_a_running_job_of_a_live_worker_is_left_alone(db, queue):
    result = worker_tasks.hold.enqueue("running", seconds=0)
    stall(int(result.id), silent_for="1 second")

    recovery = recover_stalled_jobs(queue.queue_options)

    assert recovery.run_again == recovery.given_up == []
    assert job_rows(id=int(result.id))[0]["status"] == "doing"


@postgresql_only
def test_a_stalled_job_whose_queueing_lock_is_taken_fails_without_error(db, queue):
    # procrastinate #1446: the stalled job cannot go back to "todo" beside the waiting one.
    stalled = send_reminders.enqueue()
    stall(int(stalled.id))
    waiting = send_reminders.enqueue()
    assert not waiting.already_queued

    with transaction.atomic():
        recovery = recover_stalled_jobs(queue.queue_options)
        # Still usable: the refused move was undone alone.
        notify_interest.enqueue(partnership_id=7)

    assert recovery.given_up == [int(stalled.id)]
    assert job_rows(id=int(stalled.id))[0]["status"] == "failed"
    assert job_rows(id=int(waiting.id))[0]["status"] == "todo"


@postgresql_only
def test_a_stalled_job_with_no_retries_left_fails(db, queue):
    options = QueueOptions.parse({"tasks": {HOLD: {"retry": False}}})
    result = worker_tasks.hold.enqueue("no retry", seconds=0)
    stall(int(result.id))

    assert recover_stalled_jobs(options).given_up == [int(result.id)]
    assert job_rows(id=int(result.id))[0]["status"] == "failed"


# Health


@postgresql_only
def test_a_working_queue_is_healthy(db, queue):
    notify_interest.enqueue(partnership_id=7)

    assert queue.queue_health() is None


@postgresql_only
def test_a_job_waiting_too_long_is_reported(db, queue):
    result = notify_interest.enqueue(partnership_id=7)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - interval '40 minutes' WHERE job_id = %s",
            [int(result.id)],
        )

    assert "waited 40 minutes" in queue.queue_health()


@postgresql_only
def test_jobs_left_on_a_dead_worker_are_reported(db, queue):
    result = notify_interest.enqueue(partnership_id=7)
    stall(int(result.id), silent_for="10 minutes")

    assert "1 jobs are left on workers silent" in queue.queue_health()


@postgresql_only
def test_an_unreadable_jobs_table_is_reported(db, queue):
    with connection.cursor() as cursor:
        # Undone with the test's transaction.
        cursor.execute("ALTER TABLE procrastinate_jobs RENAME TO procrastinate_jobs_away")

    assert "cannot be read" in queue.queue_health()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # the caller's transaction is still usable


def test_the_queue_is_never_installed_on_sqlite_and_always_on_postgresql():
    installed = "procrastinate.contrib.django" in django_settings.INSTALLED_APPS
    assert installed == (connection.vendor == "postgresql")


# Clean-up


@postgresql_only
def test_finished_jobs_are_deleted_after_the_days_kept(db, queue):
    old, recent, waiting = (notify_interest.enqueue(partnership_id=n) for n in (1, 2, 3))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id IN (%s, %s)",
            [int(old.id), int(recent.id)],
        )
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - interval '15 days' WHERE job_id IN (%s, %s)",
            [int(old.id), int(waiting.id)],
        )

    assert remove_old_jobs(queue.queue_options) == 1
    assert [job["id"] for job in job_rows()] == [int(recent.id), int(waiting.id)]
