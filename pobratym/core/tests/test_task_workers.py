"""Proofs with two real worker processes (`manage.py task_worker`) on the test database: locks
hold across workers, failures are retried with backoff, a killed worker's job is run again by
the other, a scheduled task runs once per period, a rolled-back enqueue never runs.

The workers run pobratym/core/tests/worker_settings.py: heartbeats every second, stalled after
4 s, the recovery and a tick every 2 s. Each wait polls with a generous limit: on a loaded
machine the proofs take longer, they do not fail."""

import os
import signal
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction

from pobratym.core.task_queue import RUN_TASK
from pobratym.core.tests import worker_settings
from pobratym.core.tests.worker_tasks import (
    LOG,
    fail_first_run,
    fail_twice,
    hold,
    meet,
    records,
    slow_first_run,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="task workers need PostgreSQL (set DATABASE_URL=postgres://…)",
    ),
    # The workers see only what is committed.
    pytest.mark.django_db(transaction=True),
]

TICK = "pobratym.core.tests.worker_tasks.tick"
WAIT_SECONDS = 90


class Workers:
    """Two `manage.py task_worker` processes, their output kept in files for a failure's
    message."""

    names = ("one", "two")

    def __init__(self, directory: Path, database_url: str) -> None:
        self.directory = directory
        self.log = directory / "runs.jsonl"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pobratym.core.tests.worker_settings",
            "DATABASE_URL": database_url,
            LOG: str(self.log),
        }
        self.processes: dict[str, subprocess.Popen] = {}

    def output(self, name: str) -> Path:
        return self.directory / f"worker-{name}.log"

    def start_missing(self) -> None:
        started = []
        for name in self.names:
            process = self.processes.get(name)
            if process is None or process.poll() is not None:
                # The child keeps its own copy of the file; this process closes its own.
                with self.output(name).open("w") as output:
                    self.processes[name] = subprocess.Popen(
                        [sys.executable, "manage.py", "task_worker", "--name", name],
                        cwd=django_settings.BASE_DIR,
                        env=self.env,
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                started.append(name)
        for name in started:
            self.wait_for(
                lambda name=name: "Starting worker" in self.output(name).read_text(),
                f"worker {name} to start",
            )

    def pids(self) -> set[int]:
        return {p.pid for p in self.processes.values() if p.poll() is None}

    def kill(self, pid: int) -> None:
        [process] = [p for p in self.processes.values() if p.pid == pid]
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def runs(self, label: str) -> list[dict]:
        return [r for r in records(self.log) if r["label"] == label]

    def wait_for(self, condition, what: str):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.2)
        outputs = "\n".join(
            f"--- worker {name}:\n{self.output(name).read_text()[-3000:]}" for name in self.names
        )
        pytest.fail(f"waited {WAIT_SECONDS} s for {what}\n{outputs}")

    def wait_for_run(self, label: str, event: str = "end") -> dict:
        return self.wait_for(
            lambda: next((r for r in self.runs(label) if r["event"] == event), None),
            f"{label!r} to {event}",
        )


@pytest.fixture(scope="module")
def workers(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        database = connection.settings_dict
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    url = (
        f"postgres://{quote(database['USER'])}{password}@{database['HOST'] or '127.0.0.1'}"
        f":{database['PORT'] or 5432}/{quote(database['NAME'])}"
    )
    started = Workers(tmp_path_factory.mktemp("workers"), url)
    yield started
    started.stop()


@pytest.fixture
def two_workers(workers, settings):
    """Both workers running (one killed by a test is replaced); this process enqueues with
    the workers' options."""
    settings.TASKS = worker_settings.TASKS
    workers.start_missing()
    return workers


def job(job_id: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts FROM procrastinate_jobs WHERE id = %s", [int(job_id)]
        )
        status, attempts = cursor.fetchone()
    return {"status": status, "attempts": attempts}


def test_two_workers_run_jobs_at_the_same_time(two_workers):
    # The control for the lock below: without a lock, each job waits for the other to start.
    meet.enqueue("meet")
    meet.enqueue("meet")

    two_workers.wait_for(
        lambda: len([r for r in two_workers.runs("meet") if r["event"] == "end"]) == 2,
        "both runs of 'meet' to end",
    )
    assert {r["pid"] for r in two_workers.runs("meet")} == two_workers.pids()


def test_jobs_sharing_a_lock_never_run_at_the_same_time(two_workers):
    labels = [f"locked {n}" for n in range(4)]
    for label in labels:
        hold.enqueue(label, seconds=0.5)

    runs = {label: two_workers.wait_for_run(label) for label in labels}

    spans = sorted(
        (next(r for r in two_workers.runs(label) if r["event"] == "start")["at"], end["at"])
        for label, end in runs.items()
    )
    for (_, earlier_end), (later_start, _) in pairwise(spans):
        assert later_start >= earlier_end


def test_a_failing_task_is_retried_with_backoff_until_it_succeeds(two_workers):
    result = fail_twice.enqueue("retried")

    two_workers.wait_for_run("retried")

    times = [r["at"] for r in two_workers.runs("retried")]
    assert [r["event"] for r in two_workers.runs("retried")] == ["fail", "fail", "end"]
    # backoff_seconds 2: 2 s before the first retry, 4 s before the second.
    assert times[1] - times[0] >= 1.9
    assert times[2] - times[1] >= 3.9
    two_workers.wait_for(lambda: job(result.id)["status"] == "succeeded", "the job to succeed")
    assert job(result.id)["attempts"] == 3


def test_the_job_of_a_killed_worker_is_run_again_by_the_other(two_workers):
    result = slow_first_run.enqueue("killed")
    first = two_workers.wait_for_run("killed", "start")

    two_workers.kill(first["pid"])
    # Its heartbeat stops; after 4 s the other worker's recovery puts the job back.
    end = two_workers.wait_for_run("killed")

    assert end["pid"] != first["pid"] and end["pid"] in two_workers.pids()
    assert [r["event"] for r in two_workers.runs("killed")] == ["start", "start", "end"]
    two_workers.wait_for(lambda: job(result.id)["status"] == "succeeded", "the job to succeed")


def test_a_retry_beside_a_job_waiting_under_its_queueing_lock_goes_through(two_workers):
    # procrastinate #1543: a job that fails while another with its queueing lock waits must
    # still go back to the queue, not stay "doing" for ever.
    first = fail_first_run.enqueue("first", seconds=1.5)
    two_workers.wait_for_run("first", "start")
    waiting = fail_first_run.enqueue("second", seconds=0)
    assert not waiting.already_queued

    two_workers.wait_for_run("first")
    two_workers.wait_for_run("second")

    for result in (first, waiting):
        two_workers.wait_for(lambda r=result: job(r.id)["status"] == "succeeded", "success")


def test_a_scheduled_task_runs_once_per_period_across_both_workers(two_workers):
    def ticks_so_far():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (args->>'timestamp')::bigint, status::text FROM procrastinate_jobs"
                " WHERE task_name = %s AND args->>'task_path' = %s ORDER BY 1",
                [RUN_TASK, TICK],
            )
            jobs = cursor.fetchall()
        done = [stamp for stamp, status in jobs if status == "succeeded"]
        ran = len(two_workers.runs("tick"))
        # Read again at the end: a tick under way between the two reads is not counted.
        settled = len(done) == len(jobs) and ran == len(done) and len(done) >= 5
        return jobs if settled else None

    jobs = two_workers.wait_for(ticks_so_far, "five scheduled ticks, none under way")

    stamps = [stamp for stamp, _ in jobs]
    # Both workers defer every period; each period has one job, none is skipped.
    assert all(later - earlier == 2 for earlier, later in pairwise(stamps))


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(two_workers):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        hold.enqueue("rolled back", seconds=0)
        raise Refused
    hold.enqueue("committed after", seconds=0)

    two_workers.wait_for_run("committed after")

    assert two_workers.runs("rolled back") == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE args->'args'->>0 = 'rolled back'"
        )
        assert cursor.fetchone()[0] == 0
