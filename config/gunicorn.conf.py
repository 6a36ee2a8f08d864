"""gunicorn's settings, each from an environment variable (docs/deploy.md lists them):

    gunicorn -c config/gunicorn.conf.py config.wsgi

Every process logs to stderr, one line per record, in the format the application uses
(LOG_FORMAT: json by default, as in production, or text). This file is read by gunicorn's
master before Django is loaded: it reads nothing of Django's settings.
"""

import os
import sys
from pathlib import Path

# gunicorn reads this file before it changes to its working folder: the project's root first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.environment import whole_number


def _int(name: str, default: int, minimum: int = 0) -> int:
    try:
        return whole_number(name, default, minimum)
    except ValueError as error:
        raise SystemExit(str(error)) from None


wsgi_app = "config.wsgi:application"
# Behind a reverse proxy on the same host by default; 0.0.0.0:8000 when it is elsewhere (and
# then only the proxy may reach the port: it vouches for X-Forwarded-Proto).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Each worker holds the embedding model and search's text vectors (memory: docs/deploy.md), so
# one per core, each with a few threads for the requests that wait on the database.
workers = _int("GUNICORN_WORKERS", os.cpu_count() or 1, minimum=1)
threads = _int("GUNICORN_THREADS", 4, minimum=1)
worker_class = "gthread"
# A request running longer than this is stopped and its worker replaced.
timeout = _int("GUNICORN_TIMEOUT", 30, minimum=1)
# On TERM or HUP, requests under way get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
# Longer than a proxy's idle interval would cut connections it still means to reuse.
keepalive = _int("GUNICORN_KEEPALIVE", 5, minimum=1)
# A worker is replaced after this many requests (0: never), the jitter spreading the restarts
# so that the workers do not all rebuild their matching index at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)
# gunicorn's runtime control socket sits in the home folder, shared by every instance of the
# same user; workers are managed with signals (TERM, HUP, TTIN/TTOU) instead.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# The application writes one line per request itself, with its id and duration and without
# the keys in a link's path; gunicorn's own access line would repeat it with the raw path.
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "").strip().lower() in {"1", "true", "yes"}
access_log_format = "%(m)s %(U)s %(s)s %(B)s bytes %(M)s ms"
_log_format = os.environ.get("LOG_FORMAT", "json").strip().lower()
if _log_format not in {"json", "text"}:
    raise SystemExit(f"LOG_FORMAT={_log_format!r} is not one of: text, json.")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "main": (
            {"()": "pobratym.core.logs.JsonFormatter"}
            if _log_format == "json"
            else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
        )
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "main",
            "stream": "ext://sys.stderr",
        }
    },
    # Until Django configures its own in each worker.
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {
            "handlers": ["stderr"] if _access_log else [],
            "level": "INFO" if _access_log else "CRITICAL",
            "propagate": False,
        },
    },
}
