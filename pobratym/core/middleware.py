"""Headers and checks on every request: a strict CSP (no inline script or style, nothing from
another origin), no caching of what signed-in people see, and forms in UTF-8 only."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

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
