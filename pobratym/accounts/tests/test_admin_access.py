"""/admin/ never loops: staff with a second factor get in, everyone else gets told why."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pobratym.accounts.demo import DEMO_PEOPLE, DEMO_TOTP_KEY
from pobratym.accounts.tests.factories import (
    PASSWORD,
    UserFactory,
    editor_of,
    secretariat,
    sign_in_verified,
)
from pobratym.core.models import AuditRecord
from pobratym.directory.tests.factories import AuthorityFactory

pytestmark = pytest.mark.django_db

NOT_STAFF = (
    "The admin is for the platform's technical staff, and your account is not one of them. "
    "Everything you may do has its own page on the platform."
)
NO_SECOND_FACTOR = (
    "The admin asks for two-step sign-in. "
    "Set it up, or confirm this session with your app, and come back."
)


def _shown(text: str, language: str = "en") -> str:
    """The message as the page writes it: translated, and HTML-escaped."""
    with translation.override(language):
        return escape(translation.gettext(text))


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, drift=device.drift).token():06d}"


def _sign_in_with_code(client, email: str, password: str, device: TOTPDevice) -> None:
    """Both steps of the platform's sign-in, as a person does them."""
    password_step = client.post(reverse("accounts:login"), {"email": email, "password": password})
    assert password_step["Location"] == reverse("accounts:login_otp")
    code_step = client.post(reverse("accounts:login_otp"), {"code": _code(device)})
    assert code_step.status_code == 302


def _open_admin(client):
    """/admin/ followed to its end; the test client raises RedirectCycleError on a loop."""
    client.cookies["django_language"] = "en"
    return client.get("/admin/", follow=True)


def test_a_visitor_is_sent_once_to_the_platforms_sign_in(client):
    response = _open_admin(client)

    assert response.status_code == 200
    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/accounts/login/?next=/admin/", 302),
    ]


def test_the_demo_secretariat_signed_in_with_the_code_is_told_the_admin_is_not_theirs(client):
    person = next(p for p in DEMO_PEOPLE if p.role == "secretariat")
    sofia = secretariat(email=person.email, language=person.language)
    sofia.set_password(person.password)
    sofia.save()
    device = TOTPDevice.objects.create(user=sofia, name="demo", key=DEMO_TOTP_KEY, confirmed=True)
    _sign_in_with_code(client, person.email, person.password, device)
    before = AuditRecord.objects.count()

    response = _open_admin(client)

    assert response.status_code == 403
    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    html = response.content.decode()
    assert _shown(NOT_STAFF) in html
    assert 'href="/accounts/"' in html
    assert AuditRecord.objects.count() == before  # nothing changed on the way


def test_an_editor_is_told_the_admin_is_not_theirs(client):
    client.force_login(editor_of(AuthorityFactory()))

    response = _open_admin(client)

    assert response.status_code == 403
    assert _shown(NOT_STAFF) in response.content.decode()


def test_staff_without_a_second_factor_are_asked_to_set_it_up_and_then_get_in(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.post(reverse("accounts:login"), {"email": staff.email, "password": PASSWORD})

    refused = _open_admin(client)
    html = refused.content.decode()
    setup = client.get(reverse("accounts:two_factor_setup"), {"next": "/admin/"})
    device = TOTPDevice.objects.get(user=staff)
    confirmed = client.post(
        reverse("accounts:two_factor_setup") + "?next=/admin/", {"code": _code(device)}
    )
    admitted = client.get("/admin/")

    assert refused.status_code == 403
    assert _shown(NO_SECOND_FACTOR) in html
    assert 'href="/accounts/two-factor/?next=/admin/"' in html
    assert setup.status_code == 200
    assert confirmed["Location"] == "/admin/"
    assert admitted.status_code == 200


def test_staff_with_a_second_factor_get_the_admin_and_the_page_they_asked_for(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    sign_in_verified(client, staff)

    index = _open_admin(client)
    deep = client.get("/admin/login/", {"next": "/admin/accounts/user/"})
    elsewhere = client.get("/admin/login/", {"next": "https://evil.example/"})

    assert index.status_code == 200
    assert index.redirect_chain == []
    assert deep["Location"] == "/admin/accounts/user/"
    assert elsewhere["Location"] == "/admin/"


def test_the_refusal_is_in_the_readers_language(client):
    client.force_login(editor_of(AuthorityFactory()))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert '<html lang="uk">' in response.content.decode()
    assert _shown(NOT_STAFF, "uk") in response.content.decode()
    assert _shown(NOT_STAFF, "uk") != _shown(NOT_STAFF, "en")
