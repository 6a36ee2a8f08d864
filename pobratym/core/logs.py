"""Log records as one JSON object per line, for a log collector (LOG_FORMAT=json).

Each line has the time (UTC, ISO 8601), the level, the logger, the message and, while a
request is being answered, its id: every line one request wrote can be found by it. The
request's own line (core.middleware.RequestLogMiddleware) adds its method, path, status and
duration. An exception comes as one field holding its traceback, so it stays on its line.

No Django here: gunicorn's master process formats its own lines with this class before any
Django setting is read (config/gunicorn.conf.py).
"""

import contextvars
import json
import logging
from datetime import UTC, datetime
from typing import Any, Protocol

# The id of the request being answered in this thread (or task), for every line it logs.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# What a record may carry besides its message: the request's line, and Django's own
# "django.request" lines (status_code). Nothing else a caller attaches is written out: Django
# attaches the request itself, with its cookies and query string.
_REQUEST_FIELDS = ("method", "path", "status", "duration_ms")


# URL parameters that are keys: whoever has the link may act (confirm an address, accept an
# invitation, set a new password, read a calendar feed). A log must not hand them on.
SECRET_URL_PARAMETERS = frozenset({"token", "uidb64"})
REDACTED = "[secret]"


class _Match(Protocol):
    @property
    def kwargs(self) -> dict[str, Any]: ...


class _Request(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def resolver_match(self) -> _Match | None: ...


def loggable_path(request: _Request) -> str:
    """The request's path with the keys it carries replaced; never its query string."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in (match.kwargs if match is not None else {}).items():
        if name in SECRET_URL_PARAMETERS and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return path


class RedactRequestPaths(logging.Filter):
    """Django's own request lines ("Not Found: /accounts/confirm/<token>/") name the path:
    the keys in it are replaced as in the request's line."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.get("request")
        if request is not None and isinstance(record.args, tuple):
            record.args = tuple(
                loggable_path(request) if arg == getattr(request, "path", None) else arg
                for arg in record.args
            )
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # The request's own line carries its id; any other line finds it in the context.
        current = record.__dict__.get("request_id") or request_id.get()
        if current is not None:
            line["request_id"] = current
        for field in _REQUEST_FIELDS:
            value = record.__dict__.get(field)
            if value is not None:
                line[field] = value
        status_code = record.__dict__.get("status_code")
        if "status" not in line and isinstance(status_code, int):
            line["status"] = status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
