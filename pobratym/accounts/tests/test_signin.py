"""Signing in and out, throttling, two-step sign-in (TOTP) and the password reset."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from pobratym.accounts.models import User
from pobratym.accounts.tests.factories import (
    PASSWORD,
    UserFactory,
    editor_of,
    facilitator_of,
    secretariat,
    unconfirmed_user,
)
from pobratym.browser_testing import PageErrors, artifacts_dir, assert_accessible, chromium_browser
from pobratym.core.models import AuditRecord
from pobratym.directory.tests.factories import AssociationFactory, AuthorityFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    """Time stands still unless a test moves it: throttle windows and TOTP steps are exact."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, email, password=PASSWORD, *, next_url=None, **extra):
    data = {"email": email, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data, **extra)


def current_code(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, drift=device.drift).token():06d}"


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Pobratym", confirmed=True)


def sign_in_verified(client, user):
    """A session as the code step leaves it: signed in, and verified with a confirmed device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def audit(verb):
    return [
        (record.actor_label, record.ip_address, record.details)
        for record in AuditRecord.objects.filter(verb=verb).order_by("pk")
    ]


def english(text):
    with translation.override("en"):
        return str(text)


def throttle_message(minutes, language):
    with translation.override(language):
        return ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


def facilitator():
    return facilitator_of(AssociationFactory())


# Password step ------------------------------------------------------------------------------


def test_login_with_email_and_password_signs_in(client, clock):
    user = UserFactory()

    response = sign_in(client, user.email.upper())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert signed_in_user_id(client) == str(user.pk)
    assert audit("login.succeeded") == [(user.email, "127.0.0.1", {"two_factor": False})]
    assert audit("login.failed") == []


def test_login_follows_a_local_next_only(client):
    user = UserFactory()

    local = sign_in(client, user.email, next_url="/directory/?q=Korosten")
    client.post(reverse("accounts:logout"))
    foreign = sign_in(client, user.email, next_url="https://evil.example/steal")

    assert local["Location"] == "/directory/?q=Korosten"
    assert foreign["Location"] == reverse("accounts:home")


def test_login_page_is_accessible_and_in_ukrainian_by_default(client):
    response = client.get(reverse("accounts:login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="uk">' in html
    assert '<label for="id_email">' in html
    assert '<label for="id_password">' in html
    assert 'autocomplete="current-password"' in html
    assert "<h1>" in html


def test_login_wrong_password_is_refused_audited_and_keeps_the_email(client, clock):
    user = UserFactory(email="olena@hromada.example")

    response = sign_in(client, user.email, "not the password", **EN)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The e-mail address or the password is wrong." in html
    assert 'value="olena@hromada.example"' in html
    assert "not the password" not in html
    assert signed_in_user_id(client) is None
    assert audit("login.failed") == [("olena@hromada.example", "127.0.0.1", {"step": "password"})]
    assert audit("login.succeeded") == []


def test_login_unknown_email_is_audited_too(client, clock):
    response = sign_in(client, "nobody@nowhere.example", "guess", REMOTE_ADDR="203.0.113.7", **EN)

    assert "The e-mail address or the password is wrong." in response.content.decode()
    assert audit("login.failed") == [
        ("nobody@nowhere.example", "203.0.113.7", {"step": "password"})
    ]


def test_login_without_a_client_address_still_counts_the_email(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    user = UserFactory()
    sign_in(client, user.email, "wrong", REMOTE_ADDR="")
    sign_in(client, user.email, "wrong", REMOTE_ADDR="unix:/run/pobratym.sock")

    response = sign_in(client, user.email, REMOTE_ADDR="", **EN)

    assert audit("login.failed") == [
        (user.email, None, {"step": "password"}),
        (user.email, None, {"step": "password"}),
    ]
    assert "Too many failed sign-in attempts." in response.content.decode()


def test_login_empty_form_names_each_field_and_links_its_error(client):
    response = client.post(reverse("accounts:login"), {"email": "", "password": ""}, **EN)

    html = response.content.decode()
    assert "Enter your e-mail address." in html
    assert "Enter your password." in html
    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert audit("login.failed") == []


def test_login_unconfirmed_account_says_to_confirm_the_email_first(client):
    user = unconfirmed_user(email="new@hromada.example")

    response = sign_in(client, user.email, **EN)

    assert response.status_code == 200
    assert "Confirm your e-mail address first" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert audit("login.failed") == []


def test_login_unconfirmed_account_with_a_wrong_password_learns_nothing(client):
    user = unconfirmed_user()

    response = sign_in(client, user.email, "wrong", **EN)

    html = response.content.decode()
    assert "Confirm your e-mail address first" not in html
    assert "The e-mail address or the password is wrong." in html
    assert len(audit("login.failed")) == 1


# Throttling ---------------------------------------------------------------------------------


def test_login_is_throttled_for_an_email_even_with_the_right_password(client, clock, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    user = UserFactory()
    for attempt in range(3):  # from different addresses: the e-mail alone is enough
        sign_in(client, user.email, "wrong", REMOTE_ADDR=f"198.51.100.{attempt + 1}")

    response = sign_in(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.99", **EN)

    assert response.status_code == 200
    assert throttle_message(15, "en") in response.content.decode()
    assert "Too many failed sign-in attempts. Try again in 15 minutes." in response.content.decode()
    assert signed_in_user_id(client) is None
    assert audit("login.succeeded") == []
    assert len(audit("login.failed")) == 3
    assert audit("login.throttled") == [(user.email, "198.51.100.99", {"step": "password"})]


def test_login_throttle_says_how_long_to_wait_and_ends_with_the_window(client, clock, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    user = UserFactory()
    for _attempt in range(3):
        sign_in(client, user.email, "wrong")

    clock.shift(dt.timedelta(minutes=14))
    almost = sign_in(client, user.email, **EN)
    clock.shift(dt.timedelta(minutes=1, seconds=1))
    after = sign_in(client, user.email)

    assert "Too many failed sign-in attempts. Try again in 1 minute." in almost.content.decode()
    assert after.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_login_refusals_while_throttled_do_not_extend_the_wait(client, clock, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 10
    user = UserFactory()
    sign_in(client, user.email, "wrong")
    sign_in(client, user.email, "wrong")

    clock.shift(dt.timedelta(minutes=6))
    sign_in(client, user.email, "wrong again")
    clock.shift(dt.timedelta(minutes=4, seconds=1))
    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert len(audit("login.failed")) == 2


def test_login_is_throttled_for_an_ip_across_emails(client, clock, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    user = UserFactory()
    for n in range(3):
        sign_in(client, f"guess{n}@hromada.example", "wrong", REMOTE_ADDR="192.0.2.10")

    from_that_ip = sign_in(client, user.email, REMOTE_ADDR="192.0.2.10", **EN)
    from_elsewhere = sign_in(client, user.email, REMOTE_ADDR="192.0.2.11")

    assert "Too many failed sign-in attempts. Try again in 15 minutes." in (
        from_that_ip.content.decode()
    )
    assert from_elsewhere.status_code == 302
    assert audit("login.succeeded") == [(user.email, "192.0.2.11", {"two_factor": False})]


def test_login_throttle_message_is_in_the_visitors_language_by_default(client, clock, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    user = UserFactory()
    sign_in(client, user.email, "wrong")
    sign_in(client, user.email, "wrong")

    response = sign_in(client, user.email)

    html = response.content.decode()
    assert '<html lang="uk">' in html
    assert throttle_message(15, "uk") in html


# Two-step sign-in ---------------------------------------------------------------------------


def test_two_factor_facilitator_is_sent_to_setup_from_any_page(client, clock):
    user = facilitator()

    signed_in = sign_in(client, user.email, next_url="/directory/")
    directory = client.get("/directory/?q=Korosten")
    account = client.get(reverse("accounts:home"))
    setup = client.get(reverse("accounts:two_factor_setup"))

    setup_url = reverse("accounts:two_factor_setup")
    assert signed_in_user_id(client) == str(user.pk)
    assert signed_in["Location"] == f"{setup_url}?next=%2Fdirectory%2F"
    assert directory.status_code == 302
    assert directory["Location"] == f"{setup_url}?next=%2Fdirectory%2F%3Fq%3DKorosten"
    assert account["Location"].startswith(f"{setup_url}?next=")
    assert setup.status_code == 200
    html = setup.content.decode()
    assert '<img src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    assert re.search(r'<code class="totp-secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>', html)


def test_two_factor_secretariat_is_sent_to_setup_too(client):
    user = secretariat()
    client.force_login(user)

    response = client.get(reverse("directory:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_two_factor_api_request_gets_a_json_refusal(client):
    client.force_login(secretariat(language="en"))  # a signed-in person's language wins

    response = client.get("/api/v1/directory/associations", **EN)

    assert response.status_code == 403
    assert response.json() == {
        "code": "two_factor_required",
        "message": "Set up two-step sign-in on the website first.",
    }


def test_two_factor_verified_session_reaches_every_page(client):
    user = secretariat()
    sign_in_verified(client, user)

    page = client.get(reverse("directory:list"))
    api = client.get("/api/v1/directory/associations")

    assert page.status_code == 200
    assert api.status_code == 200


def test_two_factor_setup_leaves_logout_language_and_static_files_open(client):
    client.force_login(facilitator())

    language = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    static = client.get("/static/css/site.css")
    static.getvalue()  # WhiteNoise answers with the file itself: read to its end, it is closed
    logout = client.post(reverse("accounts:logout"))

    assert language.status_code == 302
    assert language["Location"] == "/"
    assert static.status_code == 200
    assert logout.status_code == 302
    assert logout["Location"] == reverse("home")
    assert signed_in_user_id(client) is None


def test_two_factor_setup_with_a_valid_code_turns_it_on(client, clock):
    user = facilitator()
    sign_in(client, user.email)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"code": current_code(device), "next": "/directory/"},
    )
    directory = client.get("/directory/")

    assert response.status_code == 302
    assert response["Location"] == "/directory/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert directory.status_code == 200
    assert audit("two_factor.enabled") == [(user.email, None, {"device": "totp"})]


def test_two_factor_setup_shows_the_same_key_until_it_is_confirmed(client):
    client.force_login(facilitator())

    first = client.get(reverse("accounts:two_factor_setup")).content.decode()
    second = client.get(reverse("accounts:two_factor_setup")).content.decode()

    secret = re.compile(r'<code class="totp-secret">([^<]+)</code>')
    assert secret.search(first).group(1) == secret.search(second).group(1)
    assert TOTPDevice.objects.count() == 1


def test_two_factor_setup_with_a_wrong_code_changes_nothing(client, clock):
    user = facilitator_of(AssociationFactory(), language="en")
    client.force_login(user)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(reverse("accounts:two_factor_setup"), {"code": wrong_code(device)}, **EN)

    assert response.status_code == 200
    assert "This code is not right." in response.content.decode()
    assert 'aria-describedby="id_code_error"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert audit("two_factor.enabled") == []
    assert client.get("/directory/").status_code == 302


def test_two_factor_next_sign_in_asks_for_the_code(client, clock):
    user = facilitator()
    device = confirmed_device(user)

    password_step = sign_in(client, user.email, next_url="/directory/")
    between = signed_in_user_id(client)
    code_page = client.get(reverse("accounts:login_otp"))
    code_step = client.post(reverse("accounts:login_otp"), {"code": current_code(device)})
    directory = client.get("/directory/")

    assert password_step["Location"] == reverse("accounts:login_otp")
    assert between is None
    assert code_page.status_code == 200
    assert 'autocomplete="one-time-code"' in code_page.content.decode()
    assert code_step.status_code == 302
    assert code_step["Location"] == "/directory/"
    assert signed_in_user_id(client) == str(user.pk)
    assert directory.status_code == 200
    assert audit("login.succeeded") == [(user.email, "127.0.0.1", {"two_factor": True})]


def test_two_factor_code_with_a_space_is_accepted(client, clock):
    user = facilitator()
    device = confirmed_device(user)
    sign_in(client, user.email)
    code = current_code(device)

    response = client.post(reverse("accounts:login_otp"), {"code": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_two_factor_wrong_code_is_refused_and_audited(client, clock):
    user = facilitator()
    device = confirmed_device(user)
    sign_in(client, user.email)

    response = client.post(reverse("accounts:login_otp"), {"code": wrong_code(device)}, **EN)

    assert response.status_code == 200
    assert "This code is not right. Enter the code your app shows now." in (
        response.content.decode()
    )
    assert signed_in_user_id(client) is None
    assert audit("login.failed") == [(user.email, "127.0.0.1", {"step": "code"})]
    assert audit("login.succeeded") == []


def test_two_factor_wrong_codes_count_toward_throttling(client, clock, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    user = facilitator()
    device = confirmed_device(user)
    sign_in(client, user.email)
    for _attempt in range(3):
        client.post(reverse("accounts:login_otp"), {"code": wrong_code(device)})
        clock.shift(dt.timedelta(seconds=10))  # past django-otp's own growing delay

    response = client.post(reverse("accounts:login_otp"), {"code": current_code(device)}, **EN)

    assert "Too many failed sign-in attempts. Try again in 15 minutes." in (
        response.content.decode()
    )
    assert signed_in_user_id(client) is None
    assert audit("login.throttled") == [(user.email, "127.0.0.1", {"step": "code"})]


def test_two_factor_code_step_expires(client, clock):
    user = facilitator()
    device = confirmed_device(user)
    sign_in(client, user.email)

    clock.shift(dt.timedelta(minutes=11))
    response = client.post(reverse("accounts:login_otp"), {"code": current_code(device)})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert signed_in_user_id(client) is None


def test_two_factor_code_step_without_a_password_step_goes_to_sign_in(client):
    response = client.get(reverse("accounts:login_otp"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_two_factor_session_signed_in_without_it_is_verified_on_the_setup_page(client, clock):
    user = facilitator()
    device = confirmed_device(user)
    client.force_login(user)  # as a session begun before the app was set up

    page = client.get(reverse("accounts:two_factor_setup"))
    response = client.post(
        reverse("accounts:two_factor_setup"), {"code": current_code(device), "next": "/directory/"}
    )

    assert "data:image/svg+xml" not in page.content.decode()
    assert response["Location"] == "/directory/"
    assert client.get("/directory/").status_code == 200
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_two_factor_is_optional_for_an_editor(client, clock):
    user = editor_of(AuthorityFactory())

    first = sign_in(client, user.email)
    directory = client.get("/directory/")
    setup_page = client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    turned_on = client.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    client.post(reverse("accounts:logout"))
    clock.shift(dt.timedelta(seconds=60))  # a code is accepted once: wait for the next one
    second = sign_in(client, user.email)
    code_step = client.post(reverse("accounts:login_otp"), {"code": current_code(device)})

    assert first["Location"] == reverse("accounts:home")
    assert directory.status_code == 200
    assert setup_page.status_code == 200
    assert turned_on["Location"] == reverse("accounts:home")
    assert second["Location"] == reverse("accounts:login_otp")
    assert code_step.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)
    assert audit("two_factor.enabled") == [(user.email, None, {"device": "totp"})]


def test_two_factor_used_code_cannot_sign_in_again(client, clock):
    user = facilitator()
    device = confirmed_device(user)
    sign_in(client, user.email)
    code = current_code(device)
    client.post(reverse("accounts:login_otp"), {"code": code})
    client.post(reverse("accounts:logout"))

    sign_in(client, user.email)
    clock.shift(dt.timedelta(seconds=5))
    response = client.post(reverse("accounts:login_otp"), {"code": code})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None


# Signing out --------------------------------------------------------------------------------


def test_logout_needs_post(client):
    user = UserFactory()
    client.force_login(user)

    by_get = client.get(reverse("accounts:logout"))
    still_in = signed_in_user_id(client)
    by_post = client.post(reverse("accounts:logout"))

    assert by_get.status_code == 405
    assert still_in == str(user.pk)
    assert by_post.status_code == 302
    assert by_post["Location"] == reverse("home")
    assert signed_in_user_id(client) is None


# Password reset -----------------------------------------------------------------------------


def reset_link(message):
    found = re.search(r"https?://\S+/password-reset/\S+/\S+/", message.body)
    assert found, message.body
    return found.group(0)


def test_password_reset_sends_an_email_in_the_users_language(client):
    UserFactory(email="jan@gemeinde.example", language="en", first_name="Jan")

    response = client.post(reverse("accounts:password_reset"), {"email": "JAN@gemeinde.example"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan@gemeinde.example"]
    assert message.subject == "Choose a new password for Pobratym"
    assert message.body.startswith("Hello, Jan!")
    assert "The link works once, within 3 days." in message.body


def test_password_reset_email_follows_each_users_language(client):
    UserFactory(email="olena@hromada.example", language="uk")

    client.post(reverse("accounts:password_reset"), {"email": "olena@hromada.example"}, **EN)

    with translation.override("uk"):
        expected = gettext("Choose a new password for Pobratym")
    assert mail.outbox[0].subject == expected


def test_password_reset_for_an_unknown_or_unconfirmed_email_sends_nothing(client):
    unconfirmed_user(email="new@hromada.example")

    unknown = client.post(reverse("accounts:password_reset"), {"email": "who@nowhere.example"})
    unconfirmed = client.post(reverse("accounts:password_reset"), {"email": "new@hromada.example"})

    assert unknown["Location"] == reverse("accounts:password_reset_done")
    assert unconfirmed["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory(language="en")
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = reset_link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )
    old = sign_in(client, user.email, PASSWORD)
    new = sign_in(client, user.email, "a fresh long passphrase")

    assert form_page.status_code == 200
    assert 'name="new_password1"' in form_page.content.decode()
    assert saved.status_code == 302
    assert saved["Location"] == reverse("accounts:password_reset_complete")
    assert old.status_code == 200
    assert new.status_code == 302
    assert [record.actor_id for record in AuditRecord.objects.filter(verb="password.reset")] == [
        user.pk
    ]


def test_password_reset_link_works_once(client):
    user = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )

    again = client.get(link, follow=True)

    assert again.status_code == 200
    assert 'name="new_password1"' not in again.content.decode()
    assert User.objects.get(pk=user.pk).check_password("a fresh long passphrase")


def reset_message(minutes, language):
    with translation.override(language):
        return ngettext(
            "Too many requests for a new password. Try again in %(minutes)d minute.",
            "Too many requests for a new password. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


def ask_reset(client, email, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)


def test_password_reset_is_limited_per_address_from_any_ip(client, clock, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    settings.PASSWORD_RESET_WINDOW_MINUTES = 60
    user = UserFactory(email="olena@hromada.example", language="en")
    ask_reset(client, user.email, REMOTE_ADDR="198.51.100.1")
    ask_reset(client, "OLENA@hromada.example", REMOTE_ADDR="198.51.100.2")

    refused = ask_reset(client, user.email, REMOTE_ADDR="198.51.100.3", **EN)

    assert refused.status_code == 200
    assert reset_message(60, "en") in refused.content.decode()
    assert 'value="olena@hromada.example"' in refused.content.decode()
    assert len(mail.outbox) == 2
    assert audit("password.reset_throttled") == [("olena@hromada.example", "198.51.100.3", {})]
    clock.shift(dt.timedelta(minutes=60, seconds=1))
    later = ask_reset(client, user.email, REMOTE_ADDR="198.51.100.3")
    assert later["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3


def test_password_reset_counts_unknown_addresses_too(client, clock, settings):
    """Known and unknown addresses are refused alike: the answer tells nothing about accounts."""
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 1
    ask_reset(client, "who@nowhere.example")

    refused = ask_reset(client, "who@nowhere.example", **EN)

    assert reset_message(60, "en") in refused.content.decode()


def test_password_reset_is_limited_per_ip_across_addresses(client, clock, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 3
    users = [UserFactory() for _ in range(4)]
    for user in users[:3]:
        ask_reset(client, user.email, REMOTE_ADDR="192.0.2.10")

    from_that_ip = ask_reset(client, users[3].email, REMOTE_ADDR="192.0.2.10")
    from_elsewhere = ask_reset(client, users[3].email, REMOTE_ADDR="192.0.2.11")

    assert '<html lang="uk">' in from_that_ip.content.decode()
    assert reset_message(60, "uk") in from_that_ip.content.decode()
    assert from_elsewhere.status_code == 302
    assert [message.to for message in mail.outbox] == [[user.email] for user in users]


# In a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as launched:
        yield launched


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_facilitator_signs_in_sets_up_two_step_sign_in_and_reaches_the_directory(
    live_server, browser
):
    user = facilitator()
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page = context.new_page()
    errors = PageErrors(page)
    try:
        page.goto(live_server.url + reverse("accounts:login"))
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill("not the password")
        page.locator("main form button[type=submit]").click()
        expect(page.locator(".form-errors")).to_contain_text("The e-mail address or the password")
        expect(page.get_by_label("E-mail address")).to_have_value(user.email)
        page.screenshot(path=artifacts_dir() / "signin-error.png", full_page=True)

        page.get_by_label("Password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(re.escape(reverse("accounts:two_factor_setup"))))
        qr = page.get_by_role("img", name=re.compile("QR code"))
        expect(qr).to_be_visible()
        assert qr.evaluate("image => image.naturalWidth") > 0  # the data: URI passed the CSP
        page.screenshot(path=artifacts_dir() / "two-factor-setup.png", full_page=True)

        device = TOTPDevice.objects.get(user=user)
        page.get_by_label("Code from your authenticator app").fill(current_code(device))
        page.get_by_role("button", name="Turn on two-step sign-in").click()
        expect(page).to_have_url(live_server.url + reverse("accounts:home"))
        page.goto(live_server.url + "/directory/")
        expect(page).to_have_url(live_server.url + "/directory/")
        assert not errors.messages, "\n".join(errors.messages)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["uk", "en"])
def test_browser_sign_in_and_setup_pages_have_no_serious_accessibility_violations(
    live_server, browser, language
):
    user = facilitator()
    # axe-core is injected as a script, which the site's CSP rightly forbids: bypass it here.
    context = browser.new_context(bypass_csp=True)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("accounts:login"))
        page.locator("main form button[type=submit]").click()  # empty: both fields in error
        expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
        assert_accessible(page)
        page.locator("#id_email").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main img")).to_be_visible()
        assert_accessible(page)
        page.goto(live_server.url + reverse("accounts:password_reset"))
        assert_accessible(page)
    finally:
        context.close()
