"""The public API: a router per domain; errors are {"code", "message"} in the user's language.

Every failure is answered here, whatever raised it: a domain error, invalid parameters, a
missing record, a method the path does not take, throttling, or an unexpected exception (a
500 that is logged like Django's, without a traceback for the caller).
"""

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver
from django.utils.log import log_response
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError

from pobratym.core.api import (
    PAGE_LIMIT_DEFAULT,
    PAGE_LIMIT_MAX,
    PAGE_OFFSET_MAX,
    AnonymousThrottle,
    LocalSwagger,
    SignedInThrottle,
    application_error_body,
    error_body,
    invalid_input_body,
    throttled_body,
)
from pobratym.core.errors import ApplicationError
from pobratym.directory.api import router as directory_router
from pobratym.exchange.api import router as exchange_router
from pobratym.matching.api import router as matching_router
from pobratym.partnerships.api import router as partnerships_router
from pobratym.search.api import router as search_router


class PobratymAPI(NinjaAPI):
    """NinjaAPI whose paths answer a wrong method with the JSON error too (ninja's own 405 is
    a bare text response made outside its exception handlers)."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        return [self._with_json_405(p) for p in patterns], app_name, namespace

    def _with_json_405(self, pattern: URLResolver | URLPattern) -> URLResolver | URLPattern:
        if not isinstance(pattern, URLPattern):
            return pattern
        view: Callable[..., HttpResponse] = pattern.callback

        @wraps(view)
        def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                response = self.create_response(request, error_body(405), status=405)
                response["Allow"] = allowed
            return response

        return URLPattern(pattern.pattern, answer, pattern.default_args, pattern.name)


DESCRIPTION = f"""
Public facts of Pobratym: the directory, needs and offers, recommendations, partnerships and
search, each as the caller may see it (anonymous, or signed in through the site).

**Errors** are JSON `{{"code": …, "message": …}}` with the HTTP status: `code` is stable,
`message` is in the language of the request (the site's language choice, else
`Accept-Language`: `uk` or `en`); invalid input (422) adds `fields`, each parameter with its
problem.

**Lists** of records take `limit` (1–{PAGE_LIMIT_MAX}, default {PAGE_LIMIT_DEFAULT}) and
`offset` (0–{PAGE_OFFSET_MAX:,}) and answer `{{"items": […], "count": …}}`.

**Rates**: {settings.API_RATE_ANONYMOUS} for each anonymous address,
{settings.API_RATE_SIGNED_IN} for each signed-in user; past it, 429 with `Retry-After`.
"""

api = PobratymAPI(
    version="1",
    title="Pobratym API",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=LocalSwagger(),
    throttle=[
        AnonymousThrottle(settings.API_RATE_ANONYMOUS),
        SignedInThrottle(settings.API_RATE_SIGNED_IN),
    ],
)
api.add_router("/directory/", directory_router)
api.add_router("/exchange/", exchange_router)
api.add_router("/matching/", matching_router)
api.add_router("/partnerships/", partnerships_router)
api.add_router("/search/", search_router)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    body = application_error_body(error.code, error.message, error.extra)
    return api.create_response(request, body, status=error.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(request, invalid_input_body(error.errors), status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, error_body(404), status=404)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, error_body(403), status=403)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # ninja's own messages are English sentences for developers: the caller gets ours.
    if isinstance(error, Throttled):
        wait = None if error.wait is None else math.ceil(error.wait)
        return api.create_response(request, throttled_body(wait), status=429)
    return api.create_response(request, error_body(error.status_code), status=error.status_code)


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, error: Exception) -> HttpResponse:
    response = api.create_response(request, error_body(500), status=500)
    # As Django does for an uncaught exception: logged with its traceback, and signalled (the
    # test client re-raises it), but never shown to the caller, whatever DEBUG says.
    log_response(
        "Internal Server Error: %s",
        request.path,
        response=response,
        request=request,
        exception=error,
    )
    got_request_exception.send(sender=None, request=request)
    return response
