"""Signing in: the password check with throttling, and the second factor (TOTP).

Every failed attempt is an audit record ("login.failed"). Throttling counts attempts in the
database before checking them (accounts.throttle), so requests sent at once are counted one
after another. The pages that use these functions are in views/signin.py.
"""

import base64
import io
import ipaddress
from datetime import timedelta
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from pobratym.core.audit import audit_record
from pobratym.core.errors import ApplicationError, InvalidInput

from . import throttle
from .errors import AccountsErrorCode
from .models import User
from .throttle import Attempt

LOGIN_FAILED = "login.failed"
LOGIN_SUCCEEDED = "login.succeeded"
LOGIN_THROTTLED = "login.throttled"
TWO_FACTOR_ENABLED = "two_factor.enabled"
RESET_THROTTLED = "password.reset_throttled"

# Shown in the authenticator app's list next to the account, and in the admin.
DEVICE_NAME = "Pobratym"


class LoginThrottled(ApplicationError):
    """Too many failures for this address or from this IP: refused before the password."""

    code = AccountsErrorCode.LOGIN_THROTTLED
    status = 429

    def __init__(self, minutes: int) -> None:
        super().__init__(
            ngettext(
                "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
                "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            extra={"minutes": minutes},
        )
        self.minutes = minutes


class PasswordResetThrottled(ApplicationError):
    """Too many requests for a new password for this address or from this IP: no e-mail."""

    code = AccountsErrorCode.PASSWORD_RESET_THROTTLED
    status = 429

    def __init__(self, minutes: int) -> None:
        super().__init__(
            ngettext(
                "Too many requests for a new password. Try again in %(minutes)d minute.",
                "Too many requests for a new password. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
            extra={"minutes": minutes},
        )
        self.minutes = minutes


class EmailNotConfirmed(ApplicationError):
    """The password is right but the account waits for its e-mail confirmation."""

    code = AccountsErrorCode.EMAIL_NOT_CONFIRMED
    status = 403


def client_ip(request: HttpRequest) -> str | None:
    """The address the connection came from.

    REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites
    it, and trusting it would let anyone dodge the IP throttle.
    """
    try:
        return str(ipaddress.ip_address(str(request.META.get("REMOTE_ADDR", "")).strip()))
    except ValueError:  # a Unix socket or a test harness: no address to count or to store
        return None


# What a counter counts (AttemptCounter.action).
SIGN_IN = "sign_in"
RESET_REQUEST = "password_reset"


def sign_in_attempt_begin(*, email: str, ip_address: str | None, step: str) -> Attempt:
    """Count an attempt (a password or a code) before it is checked; raise LoginThrottled
    when the address or the IP must wait.

    Refused while the address has LOGIN_FAILURE_LIMIT failures (or checks still running), or
    the IP LOGIN_FAILURE_LIMIT_PER_IP, within the window. The IP limit is higher because a
    whole oblast administration may sign in from behind one address. Side effect: audit
    "login.throttled" on a refusal (not counted: waiting out the window is enough; counting
    refusals would let an attacker keep the owner locked out forever).
    """
    limits: dict[str, int] = {}
    if email and settings.LOGIN_FAILURE_LIMIT > 0:
        limits[throttle.email_key(email)] = settings.LOGIN_FAILURE_LIMIT
    if ip_address and settings.LOGIN_FAILURE_LIMIT_PER_IP > 0:
        limits[throttle.ip_key(ip_address)] = settings.LOGIN_FAILURE_LIMIT_PER_IP
    attempt = throttle.attempt_begin(
        action=SIGN_IN,
        limits=limits,
        window=timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES),
    )
    if attempt.wait_minutes:
        audit_record(
            actor=None,
            actor_label=email.strip()[:254],
            verb=LOGIN_THROTTLED,
            ip_address=ip_address,
            details={"step": step},
        )
        raise LoginThrottled(attempt.wait_minutes)
    return attempt


def login_failure_record(*, email: str, ip_address: str | None, step: str) -> None:
    """Audit "login.failed": the record the throttle counts. Unknown addresses count too."""
    audit_record(
        actor=None,
        actor_label=email.strip()[:254],
        verb=LOGIN_FAILED,
        ip_address=ip_address,
        details={"step": step},
    )


def login_success_record(*, user: User, ip_address: str | None, two_factor: bool) -> None:
    audit_record(
        actor=user,
        verb=LOGIN_SUCCEEDED,
        target=user,
        ip_address=ip_address,
        details={"two_factor": two_factor},
    )


def password_check(*, request: HttpRequest, email: str, password: str) -> User:
    """The user this e-mail address and password belong to, through the auth backends.

    Raises LoginThrottled (the password is not even checked), EmailNotConfirmed (right
    password, account not yet confirmed) or InvalidInput. Side effect: audit "login.failed"
    on a wrong address or password; the returned user carries `.backend` for auth.login.
    """
    ip_address = client_ip(request)
    attempt = sign_in_attempt_begin(email=email, ip_address=ip_address, step="password")
    # Addresses are stored as typed at sign-up; people type them in any case.
    known = User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
    user = authenticate(request, email=known.email if known else email, password=password)
    if isinstance(user, User):
        throttle.attempt_forget(attempt)
        return user
    if (
        known is not None
        and known.email_confirmed_at is None
        and known.erased_at is None
        and known.check_password(password)
    ):
        throttle.attempt_forget(attempt)
        raise EmailNotConfirmed(
            _(
                "Confirm your e-mail address first: open the link in the message we sent "
                "when you joined."
            )
        )
    login_failure_record(email=email, ip_address=ip_address, step="password")
    raise InvalidInput(_("The e-mail address or the password is wrong."))


def totp_confirmed_device(user: User) -> Any:
    """The user's confirmed authenticator (a TOTPDevice), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_for_setup(*, user: User) -> Any:
    """The unconfirmed TOTPDevice the setup page shows; the same one on every reload.

    Reusing it keeps the QR code stable while the person fetches their phone.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _wrong_code() -> InvalidInput:
    message = _("This code is not right. Enter the code your app shows now.")
    return InvalidInput.of_field("code", message)


def _verified_device(user: User, device: Any, token: str) -> Any:
    # django_otp.verify_token locks the row and reloads it: the returned instance carries the
    # new last_t (a code cannot be used twice), the one passed in is stale.
    return verify_token(user, device.persistent_id, token.strip())


def totp_device_confirm(*, user: User, device: Any, token: str) -> Any:
    """Confirm the setup device with a code from the app; it then guards every sign-in.

    Raises InvalidInput (field "code"). Side effects: other unconfirmed devices are deleted;
    audit "two_factor.enabled".
    """
    # Verified outside the transaction below: a wrong code must keep django-otp's own
    # throttle increment, which a rollback would undo.
    verified = _verified_device(user, device, token)
    if verified is None:
        raise _wrong_code()
    with transaction.atomic():
        verified.confirmed = True
        verified.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit_record(actor=user, verb=TWO_FACTOR_ENABLED, target=user, details={"device": "totp"})
    return verified


def totp_verify(*, request: HttpRequest, user: User, token: str) -> Any:
    """The confirmed device that accepts this code; the second step of signing in.

    Raises LoginThrottled or InvalidInput (field "code"). Side effect: audit "login.failed"
    with details {"step": "code"} on a wrong code; it counts toward the throttle.
    """
    ip_address = client_ip(request)
    attempt = sign_in_attempt_begin(email=user.email, ip_address=ip_address, step="code")
    device = totp_confirmed_device(user)
    verified = _verified_device(user, device, token) if device is not None else None
    if verified is None:
        login_failure_record(email=user.email, ip_address=ip_address, step="code")
        raise _wrong_code()
    throttle.attempt_forget(attempt)
    return verified


def totp_secret(device: Any) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: Any) -> str:
    """The otpauth:// link as an SVG QR code in a data: URI (the CSP allows img-src data:).

    A white background keeps it scannable under a dark theme; without a fixed size (only a
    viewBox) the page's <img> sets how large it is drawn.
    """
    qr = segno.make(device.config_url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", border=4, dark="#000", light="#fff", xmldecl=False, omitsize=True)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def password_reset_attempt(*, email: str, ip_address: str | None) -> None:
    """Count a request for a password reset e-mail; raise PasswordResetThrottled over
    PASSWORD_RESET_LIMIT_PER_ADDRESS or PASSWORD_RESET_LIMIT_PER_IP within the window.

    Every request counts, for an address with an account or without: the answer must not tell
    which. Side effect: audit "password.reset_throttled" on a refusal (not counted).
    """
    limits: dict[str, int] = {}
    if settings.PASSWORD_RESET_LIMIT_PER_ADDRESS > 0:
        limits[throttle.email_key(email)] = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    if ip_address and settings.PASSWORD_RESET_LIMIT_PER_IP > 0:
        limits[throttle.ip_key(ip_address)] = settings.PASSWORD_RESET_LIMIT_PER_IP
    attempt = throttle.attempt_begin(
        action=RESET_REQUEST,
        limits=limits,
        window=timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES),
    )
    if attempt.wait_minutes:
        audit_record(
            actor=None,
            actor_label=email.strip()[:254],
            verb=RESET_THROTTLED,
            ip_address=ip_address,
        )
        raise PasswordResetThrottled(attempt.wait_minutes)


def password_reset_record(*, user: User, ip_address: str | None) -> None:
    audit_record(actor=user, verb="password.reset", target=user, ip_address=ip_address)
