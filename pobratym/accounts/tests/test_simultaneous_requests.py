"""Requests sent at once: throttles count each attempt before it is checked, and one address
makes one account.

Each test sends its requests from threads that start together, against the real test database
(a file on SQLite, the server on PostgreSQL), as an attacker with many connections would.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pobratym.accounts import signin
from pobratym.accounts.models import User
from pobratym.accounts.tests.factories import PASSWORD, UserFactory, facilitator_of
from pobratym.core.models import AuditRecord
from pobratym.directory.tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 15
# A real password hash (PBKDF2) takes this long or longer; the tests' MD5 hasher would let one
# request finish before the next starts and hide the race.
CHECK_SECONDS = 0.2


class CountedCheck:
    """Wraps a check (the password, the code) to count the calls and make each take a while."""

    def __init__(self, check: Callable[..., Any]) -> None:
        self.check = check
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            self.calls += 1
        time.sleep(CHECK_SECONDS)
        return self.check(*args, **kwargs)


def at_once(clients: list[Client], send: Callable[[Client], Any]) -> list[Any]:
    """Send one request from each client, all released together; their responses."""
    start = threading.Barrier(len(clients))
    responses: list[Any] = []

    def run(client: Client) -> None:
        try:
            start.wait(timeout=30)
            responses.append(send(client))
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses


def verbs(verb: str) -> int:
    return AuditRecord.objects.filter(verb=verb).count()


def test_wrong_passwords_sent_at_once_are_counted_and_stopped_at_the_limit(settings, monkeypatch):
    settings.LOGIN_FAILURE_LIMIT = 5
    user = UserFactory()
    check = CountedCheck(signin.authenticate)
    monkeypatch.setattr(signin, "authenticate", check)

    responses = at_once(
        [Client(HTTP_ACCEPT_LANGUAGE="en") for _ in range(PARALLEL)],
        lambda client: client.post(
            reverse("accounts:login"), {"email": user.email, "password": "wrong"}
        ),
    )

    pages = [response.content.decode() for response in responses]
    assert len(pages) == PARALLEL
    assert check.calls == 5
    assert verbs("login.failed") == 5
    assert verbs("login.throttled") == PARALLEL - 5
    assert sum("Too many failed sign-in attempts." in page for page in pages) == PARALLEL - 5
    assert sum("The e-mail address or the password is wrong." in page for page in pages) == 5
    # The right password is refused too now: the address waits out the window.
    owner = Client()
    late = owner.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert late.status_code == 200
    assert "_auth_user_id" not in owner.session


def test_right_passwords_sent_at_once_all_sign_in_and_count_nothing(settings, monkeypatch):
    """A success is not a failure: parallel tabs of one person are not locked out."""
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory()
    monkeypatch.setattr(signin, "authenticate", CountedCheck(signin.authenticate))

    responses = at_once(
        [Client() for _ in range(3)],
        lambda client: client.post(
            reverse("accounts:login"), {"email": user.email, "password": PASSWORD}
        ),
    )
    afterwards = Client().post(
        reverse("accounts:login"), {"email": user.email, "password": PASSWORD}
    )

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert afterwards.status_code == 302
    assert verbs("login.failed") == verbs("login.throttled") == 0


def test_wrong_codes_sent_at_once_are_counted_and_stopped_at_the_limit(settings, monkeypatch):
    settings.LOGIN_FAILURE_LIMIT = 5
    user = facilitator_of(AssociationFactory())
    device = TOTPDevice.objects.create(user=user, name="Pobratym", confirmed=True)
    browsers = [Client(HTTP_ACCEPT_LANGUAGE="en") for _ in range(PARALLEL)]
    for browser in browsers:  # each at the code step, the password step passed
        step = browser.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
        assert step["Location"] == reverse("accounts:login_otp")
    wrong = f"{(TOTP(device.bin_key).token() + 1) % 1_000_000:06d}"
    check = CountedCheck(signin._verified_device)
    monkeypatch.setattr(signin, "_verified_device", check)

    responses = at_once(
        browsers, lambda client: client.post(reverse("accounts:login_otp"), {"code": wrong})
    )

    pages = [response.content.decode() for response in responses]
    assert len(pages) == PARALLEL
    assert check.calls == 5
    assert verbs("login.failed") == 5
    assert verbs("login.throttled") == PARALLEL - 5
    assert sum("Too many failed sign-in attempts." in page for page in pages) == PARALLEL - 5
    assert verbs("login.succeeded") == 0


def test_reset_requests_sent_at_once_send_only_the_limit_of_emails(settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    settings.PASSWORD_RESET_LIMIT_PER_IP = 100
    user = UserFactory(language="en")

    responses = at_once(
        [Client(HTTP_ACCEPT_LANGUAGE="en") for _ in range(10)],
        lambda client: client.post(reverse("accounts:password_reset"), {"email": user.email}),
    )

    assert sorted(response.status_code for response in responses) == [200] * 7 + [302] * 3
    assert [message.to for message in mail.outbox] == [[user.email]] * 3
    assert verbs("password.reset_throttled") == 7


def test_one_new_address_signed_up_at_once_makes_one_account_and_the_same_answers():
    form = {
        "email": "olena@korosten.example",
        "first_name": "Олена",
        "last_name": "Коваленко",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "language": "uk",
    }

    responses = at_once(
        [Client() for _ in range(4)],
        lambda client: client.post(reverse("accounts:sign_up"), form),
    )

    assert [(r.status_code, r["Location"]) for r in responses] == [
        (302, reverse("accounts:sign_up_sent"))
    ] * 4
    assert verbs("user.signed_up") == 1
    assert verbs("user.sign_up_repeated") == 3
    assert User.objects.filter(email__iexact="olena@korosten.example").count() == 1
    with translation.override("uk"):
        confirm = gettext("Confirm your e-mail address for Pobratym")
        notice = gettext("Someone tried to join Pobratym with your e-mail address")
    assert sorted(message.subject for message in mail.outbox) == sorted([confirm] + [notice] * 3)
    assert all(message.to == ["olena@korosten.example"] for message in mail.outbox)
