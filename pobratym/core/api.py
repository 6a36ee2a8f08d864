"""What every API router shares: the error body and its statuses, pagination, throttling, docs.

Every error the API answers is ``{"code": ..., "message": ...}`` (plus ``fields`` for invalid
input), the message in the caller's language; each operation documents the error statuses it
can answer with the same schema.
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Schema
from ninja import Router as NinjaRouter
from ninja.constants import NOT_SET
from ninja.openapi.docs import DocsBase
from ninja.pagination import LimitOffsetPagination
from ninja.throttling import SimpleRateThrottle

from .errors import ErrorCode

# Requests under this path answer errors as JSON, whoever produces them (ninja or Django).
API_PATH_PREFIX = "/api/"

# Pages of a list: never more rows than a caller can use at once, never an offset past any
# list the platform holds (the directory, the longest, has about 120,000 authorities).
PAGE_LIMIT_DEFAULT = 100
PAGE_LIMIT_MAX = 200
PAGE_OFFSET_MAX = 1_000_000


# A record's id in a filter: what the databases can hold (a signed 64-bit integer, from 1).
# Past it SQLite and PostgreSQL refuse the query: a 500 rather than a 422.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class FieldErrorOut(Schema):
    field: str = Field(..., description="The parameter, e.g. limit")
    message: str = Field(..., description="What is wrong with it, in the language of the request")


class ErrorOut(Schema):
    code: str = Field(..., description="Stable: not_found, invalid_input, too_many_requests, …")
    message: str = Field(..., description="For people, in the language of the request")
    fields: list[FieldErrorOut] | None = Field(
        None, description="Invalid input only: each parameter that is not valid"
    )


def _error_catalogue() -> dict[int, tuple[str, str]]:
    # Built per call: the messages are translated into the language active for the request.
    return {
        400: (ErrorCode.BAD_REQUEST, _("The request could not be understood.")),
        403: (ErrorCode.FORBIDDEN, _("You are not allowed to do this.")),
        404: (ErrorCode.NOT_FOUND, _("Nothing was found at this address.")),
        405: (ErrorCode.METHOD_NOT_ALLOWED, _("This address does not accept this method.")),
        413: (ErrorCode.TOO_LARGE, _("The request is too large.")),
        422: (ErrorCode.INVALID_INPUT, _("Some values are not valid.")),
        429: (ErrorCode.TOO_MANY_REQUESTS, _("Too many requests: try again later.")),
        500: (
            ErrorCode.SERVER_ERROR,
            _("Something went wrong on our side. Please try again later."),
        ),
    }


def error_body(status: int) -> dict[str, Any]:
    """The API's body for an HTTP error status, in the active language."""
    code, message = _error_catalogue().get(
        status, (ErrorCode.ERROR, _("The request could not be completed."))
    )
    return {"code": code, "message": message}


def throttled_body(wait_seconds: int | None) -> dict[str, Any]:
    body = error_body(429)
    if wait_seconds is not None:
        body["message"] = ngettext(
            "Too many requests: try again in %(seconds)d second.",
            "Too many requests: try again in %(seconds)d seconds.",
            wait_seconds,
        ) % {"seconds": wait_seconds}
    return body


def _invalid_value_message(error: dict[str, Any]) -> str:
    """One of pydantic's errors on a parameter, said in the active language."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This value is required.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Give a whole number.")
    if kind in {"float_parsing", "float_type", "decimal_parsing"}:
        return _("Give a number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Give true or false.")
    if kind == "greater_than_equal":
        return _("Give a number no smaller than %(minimum)s.") % {"minimum": context["ge"]}
    if kind == "less_than_equal":
        return _("Give a number no greater than %(maximum)s.") % {"maximum": context["le"]}
    if kind == "string_too_long":
        limit = int(context["max_length"])
        return ngettext(
            "Use at most %(limit)d character.", "Use at most %(limit)d characters.", limit
        ) % {"limit": limit}
    if kind in {"enum", "literal_error"}:
        return _("Choose one of: %(choices)s.") % {"choices": context.get("expected", "")}
    return _("This value is not valid.")


def invalid_input_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """422 for ninja's validation errors: each parameter named, its problem in words."""
    fields = [
        # loc starts with where the value came from (query, path, body): not part of its name.
        {"field": ".".join(str(p) for p in error.get("loc", [])[1:]), "message": msg}
        for error in errors
        for msg in [_invalid_value_message(error)]
    ]
    return {**error_body(422), "fields": fields}


def application_error_body(code: str, message: str, extra: dict[str, Any]) -> dict[str, Any]:
    """A domain error's body; its field errors (a mapping) in the API's list form."""
    body: dict[str, Any] = {"code": code, "message": message, **extra}
    if isinstance(body.get("fields"), dict):
        body["fields"] = [{"field": k, "message": str(v)} for k, v in body["fields"].items()]
    return body


# Every operation can be refused (a signed-in account that must set up two-step sign-in
# first), refused for its method, throttled, or fail.
_ALWAYS = (403, 405, 429, 500)


def _takes_parameters(view_func: Callable[..., Any]) -> bool:
    own = len(inspect.signature(view_func).parameters) > 1  # beyond the request
    return own or bool(getattr(view_func, "_ninja_contribute_args", None))


class Router(NinjaRouter):
    """ninja's Router, each operation documenting the error statuses it can answer.

    404 where the path names a record, 422 where there are parameters to validate, and 403,
    405, 429 and 500 everywhere; all with ``ErrorOut``.
    """

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **kwargs: Any
    ) -> None:
        statuses = set(_ALWAYS)
        if "{" in path:
            statuses.add(404)
        if _takes_parameters(view_func):
            statuses.add(422)
        response = kwargs.get("response", NOT_SET)
        if response is not NOT_SET:
            declared = response if isinstance(response, dict) else {200: response}
            errors = {status: ErrorOut for status in sorted(statuses) if status not in declared}
            kwargs["response"] = {**declared, **errors}
        super().add_api_operation(path, methods, view_func, **kwargs)


class Pagination(LimitOffsetPagination):
    """limit and offset, each bounded: out of range is a 422, never a slice the database
    cannot take (2**63 overflows SQLite and PostgreSQL alike)."""

    class Input(Schema):
        limit: int = Field(
            PAGE_LIMIT_DEFAULT, ge=1, le=PAGE_LIMIT_MAX, description="Rows in this page"
        )
        offset: int = Field(0, ge=0, le=PAGE_OFFSET_MAX, description="Rows skipped before it")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=PAGE_LIMIT_MAX, **kwargs)


class _VisitorThrottle(SimpleRateThrottle):
    """Counts requests in the cache, by REMOTE_ADDR only, as sign-in throttling does:
    X-Forwarded-For is whatever the client says unless a trusted proxy rewrites it."""

    def get_cache_key(self, request: HttpRequest) -> str | None:
        ident = self.visitor(request)
        if ident is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def visitor(self, request: HttpRequest) -> str | None:
        raise NotImplementedError


class AnonymousThrottle(_VisitorThrottle):
    """Anonymous callers, each address on its own."""

    scope = "anonymous"

    def visitor(self, request: HttpRequest) -> str | None:
        if request.user.is_authenticated:
            return None
        return str(request.META.get("REMOTE_ADDR", ""))


class SignedInThrottle(_VisitorThrottle):
    """Signed-in callers, each user on their own, wherever they call from."""

    scope = "signed_in"

    def visitor(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return str(request.user.pk)


class LocalSwagger(DocsBase):
    """The API's docs page: Swagger UI from the site's own static files (npm's swagger-ui-dist,
    copied by `make assets`), started by a static script, as the strict CSP requires: nothing
    inline, nothing from another origin."""

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        context = {"title": api.title, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "core/api_docs.html", context)
