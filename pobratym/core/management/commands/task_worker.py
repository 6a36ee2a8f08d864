"""Run a task worker: jobs from PostgreSQL, the schedule, the recovery of stalled jobs."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pobratym.core.task_queue import queue_backend
from pobratym.core.task_worker import unimportable_tasks, worker_app


class Command(BaseCommand):
    help = (
        "Run background tasks from the PostgreSQL queue until stopped (SIGTERM or Ctrl+C "
        "finishes the jobs under way). Run one or more on every host; they share the work."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queues",
            default="",
            help="Comma-separated queues to take jobs from (default: every queue).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            # Two: matching's refresh (one at a time, its lock says) can take seconds at national
            # scale, and the e-mails and embeddings behind it must not wait for it.
            default=2,
            help="Jobs run at once by this process, each in a thread (default 2).",
        )
        parser.add_argument("--name", default="worker", help="The worker's name in logs.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backend = queue_backend()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        # The settings may name a task before its code ships (the web starts regardless); a
        # worker that could not run it refuses to start, saying which entry is wrong.
        problems = unimportable_tasks(backend.queue_options)
        if problems:
            lines = "\n".join(f"  {path}: {why}" for path, why in problems.items())
            raise CommandError(
                'TASKS["default"]["OPTIONS"] names tasks that do not import:\n' + lines
            )
        queues = [queue.strip() for queue in options["queues"].split(",") if queue.strip()]
        worker_app(backend).run_worker(
            queues=queues or None,
            concurrency=options["concurrency"],
            name=options["name"],
        )
