"""Headers and checks on every request: a line in the log for each (its id, path, status and
duration), a strict CSP (no inline script or style, nothing from another origin), no caching of
what signed-in people see, and forms in UTF-8 only."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from . import logs

request_logger = logging.getLogger("pobratym.requests")

# An id the reverse proxy gave the request is kept (its own log lines then match ours) when it
# looks like one; anything else a client sends is replaced, so it cannot forge log lines.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestLogMiddleware:
    """One line per request: method, path, status, duration and the request's id.

    The path without its keys (core.logs.loggable_path: links in e-mails carry tokens), never
    the query string (search words are what a person typed). Who asked (their address, their
    account) is not logged either. The id also goes back in the X-Request-ID header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        current = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = logs.request_id.set(current)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = current
            path = logs.loggable_path(request)
            request_logger.info(
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "request_id": current,
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            logs.request_id.reset(token)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


class PrivatePagesMiddleware:
    """Nothing a signed-in person sees is stored by a browser or a proxy on the way.

    Their pages carry contacts, messages and their own data (profiles to members, the my-data
    export): on a shared office computer the back button or the disk cache must not show them
    to the next person. A view that set its own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and "Cache-Control" not in response.headers:
            patch_cache_control(response, private=True, no_store=True)
        return response


FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class FormCharsetMiddleware:
    """A form declares UTF-8 or no charset; anything else is refused with a 400 at once.

    Browsers send UTF-8 forms from UTF-8 pages. Django refuses another charset on an
    urlencoded form only when the body is first read (by the CSRF check; its default 400 page
    reads it again and fails with a 500), and ignores a charset it does not know.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type in FORM_CONTENT_TYPES:
            charset = (request.content_params or {}).get("charset")
            if charset is not None and charset.strip().lower() != "utf-8":
                raise BadRequest("A form must be sent in UTF-8.")
        return self.get_response(request)
