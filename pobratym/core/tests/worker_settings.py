"""Settings of the workers the proofs start (test_task_workers.py): the test settings, the
Procrastinate backend with short heartbeats, and the proofs' own tasks and schedule. Their
database is the test database, given in DATABASE_URL."""

from config.settings.test import *  # noqa: F403

TASKS = {
    "default": {
        "BACKEND": "pobratym.core.task_queue.ProcrastinateBackend",
        "OPTIONS": {
            "tasks": {
                "pobratym.core.tests.worker_tasks.hold": {"lock": "proof", "retry": False},
                "pobratym.core.tests.worker_tasks.meet": {"retry": False},
                "pobratym.core.tests.worker_tasks.fail_twice": {
                    "retry": {"retries": 3, "backoff_seconds": 2}
                },
                "pobratym.core.tests.worker_tasks.slow_first_run": {
                    "lock": "proof-stalled",
                    "retry": {"retries": 1, "backoff_seconds": 1},
                },
                # As matching's refresh: one at a time, one waiting.
                "pobratym.core.tests.worker_tasks.fail_first_run": {
                    "lock": "proof-queued",
                    "queueing_lock": "proof-queued",
                    "retry": {"retries": 2, "backoff_seconds": 1},
                },
            },
            # Every 2 seconds (a sixth field: seconds).
            "schedule": {"pobratym.core.tests.worker_tasks.tick": "* * * * * */2"},
            "heartbeat_seconds": 1,
            "stalled_after_seconds": 4,
            "recovery_schedule": "* * * * * */2",
            "poll_seconds": 0.5,
        },
    }
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
