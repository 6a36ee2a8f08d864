"""The codes of the accounts domain's errors, as the API answers them."""

from enum import StrEnum


class AccountsErrorCode(StrEnum):
    LOGIN_THROTTLED = "login_throttled"
    PASSWORD_RESET_THROTTLED = "password_reset_throttled"  # noqa: S105 (a code, not a secret)
    EMAIL_NOT_CONFIRMED = "email_not_confirmed"
    TWO_FACTOR_REQUIRED = "two_factor_required"
