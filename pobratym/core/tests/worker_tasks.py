"""Tasks for the proofs with real workers (test_task_workers.py): each records its runs, one
JSON line each, in the file named by $POBRATYM_WORKER_PROOF_LOG, with the worker's pid and
the time, so a test sees what ran where and when."""

import json
import os
import time
from pathlib import Path

from django_tasks import task

LOG = "POBRATYM_WORKER_PROOF_LOG"


def record(event: str, label: str) -> None:
    line = json.dumps({"event": event, "label": label, "pid": os.getpid(), "at": time.time()})
    # One write of a short line in append mode: lines of two workers never interleave.
    with Path(os.environ[LOG]).open("a") as log:
        log.write(line + "\n")


def records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


@task()
def hold(label: str, seconds: float) -> None:
    record("start", label)
    time.sleep(seconds)
    record("end", label)


@task()
def meet(label: str) -> None:
    """Ends once two runs of the label are under way at once (two workers), or fails."""
    record("start", label)
    deadline = time.monotonic() + 60
    while (
        sum(r["label"] == label and r["event"] == "start" for r in records(Path(os.environ[LOG])))
        < 2
    ):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{label}: no other run came")
        time.sleep(0.1)
    record("end", label)


@task()
def fail_twice(label: str) -> None:
    runs = sum(r["label"] == label for r in records(Path(os.environ[LOG])))
    if runs < 2:
        record("fail", label)
        raise RuntimeError(f"{label}: failing on purpose, run {runs + 1}")
    record("end", label)


@task()
def slow_first_run(label: str) -> None:
    """The first run lasts a minute (long enough to kill its worker), a later one no time."""
    first = not any(r["label"] == label for r in records(Path(os.environ[LOG])))
    record("start", label)
    if first:
        time.sleep(60)
    record("end", label)


@task()
def fail_first_run(label: str, seconds: float) -> None:
    """The first run of the label fails after `seconds`; a later one ends at once."""
    first = not any(r["label"] == label for r in records(Path(os.environ[LOG])))
    record("start", label)
    if first:
        time.sleep(seconds)
        record("fail", label)
        raise RuntimeError(f"{label}: failing on purpose")
    record("end", label)


@task()
def tick() -> None:
    record("tick", "tick")
