"""Domain failures: a stable machine code and a message already translated for the user."""

from typing import Any


class ApplicationError(Exception):
    code = "application_error"
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


class PermissionRefused(ApplicationError):
    """The actor may not do this; nothing was changed."""

    code = "forbidden"
    status = 403


class NotFound(ApplicationError):
    code = "not_found"
    status = 404


class InvalidInput(ApplicationError):
    """Bad values; extra["fields"] maps each field to its translated message."""

    code = "invalid_input"
    status = 422
