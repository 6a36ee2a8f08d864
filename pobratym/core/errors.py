"""Domain failures: a stable machine code and a message already translated for the user."""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Self

from django.utils.translation import gettext as _


class ErrorCode(StrEnum):
    """The codes of core's errors and of the API's answers to HTTP errors (core/api.py); each
    app lists its own in its errors.py."""

    APPLICATION_ERROR = "application_error"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    INVALID_INPUT = "invalid_input"
    BAD_REQUEST = "bad_request"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    TOO_LARGE = "too_large"
    TOO_MANY_REQUESTS = "too_many_requests"
    SERVER_ERROR = "server_error"
    ERROR = "error"


class ApplicationError(Exception):
    code: str = ErrorCode.APPLICATION_ERROR
    status = 400

    def __init__(
        self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None
    ):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.extra = extra or {}

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.extra}

    @property
    def field_errors(self) -> dict[str, str]:
        """Each field's message (an item's as "items.2.quantity"); empty when the error is
        about no field in particular."""
        fields: dict[str, str] = self.extra.get("fields", {})
        return fields


class PermissionRefused(ApplicationError):
    """The actor may not do this; nothing was changed."""

    code = ErrorCode.FORBIDDEN
    status = 403


class NotFound(ApplicationError):
    code = ErrorCode.NOT_FOUND
    status = 404


class InvalidInput(ApplicationError):
    """Bad values; extra["fields"] maps each field to its translated message."""

    code = ErrorCode.INVALID_INPUT
    status = 422

    @classmethod
    def of_fields(cls, fields: Mapping[str, str]) -> Self:
        """The errors of the fields a write found wrong, all at once."""
        return cls(_("Some values are not valid."), extra={"fields": dict(fields)})

    @classmethod
    def of_field(cls, field: str, message: str, *, code: str | None = None) -> Self:
        """One field's error, its message also the error's."""
        return cls(message, code=code, extra={"fields": {field: message}})
