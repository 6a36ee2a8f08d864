"""The language a page is shown in: the switch, then the account's language, then the browser."""

import pytest
from django.conf import settings
from django.urls import reverse

from pobratym.accounts.models import User
from pobratym.accounts.tests.factories import UserFactory
from pobratym.core.models import AuditRecord


def _page_language(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<html lang="') + len('<html lang="')
    return html[start : html.index('"', start)]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("lt-LT,lt;q=0.9,en;q=0.5", "en"),
        ("lt", "en"),
        ("de-DE,de;q=0.9", "en"),
        ("uk-UA,uk;q=0.9", "uk"),
        ("ru-RU,ru;q=0.9", "uk"),
        ("en-US,en;q=0.9", "en"),
    ],
)
def test_a_visitor_gets_ukrainian_only_from_a_ukrainian_or_russian_browser(
    client, db, header, language
):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=header)

    assert _page_language(response) == language
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_the_switch_wins_over_the_browser(client, db):
    to_english = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="uk-UA,uk")
    client.post(reverse("set_language"), {"language": "uk", "next": "/"})
    ukrainian = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="lt-LT,lt")

    assert to_english.status_code == 302
    assert _page_language(english) == "en"
    assert _page_language(ukrainian) == "uk"


def test_a_language_the_platform_lacks_leaves_the_browser_to_decide(client, db):
    # Django's switch accepts any language it has a catalogue for, German included.
    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    assert _page_language(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="uk")) == "uk"
    assert _page_language(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")) == "en"


def test_a_signed_in_person_gets_their_saved_language_on_any_browser(client, db):
    claire = UserFactory(language="en")
    client.force_login(claire)

    saved = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="uk-UA,uk")
    client.post(reverse("set_language"), {"language": "uk", "next": "/"})
    switched = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    assert _page_language(saved) == "en"
    assert _page_language(switched) == "uk"


def test_switching_while_signed_in_saves_the_language_for_e_mails_and_other_browsers(client, db):
    olena = UserFactory(language="uk")
    client.force_login(olena)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # no change: no record
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)  # another browser of hers
    elsewhere = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="uk-UA,uk")

    olena.refresh_from_db()
    assert olena.language == "en"
    assert _page_language(elsewhere) == "en"
    records = AuditRecord.objects.filter(verb="user.language_changed")
    assert [(r.actor, r.changes) for r in records] == [(olena, {"language": ["uk", "en"]})]


def test_a_refused_switch_changes_no_account(client, db):
    olena = UserFactory(language="uk")
    client.force_login(olena)
    before = list(User.objects.values_list("pk", "language"))

    unknown = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    lacking = client.post(reverse("set_language"), {"language": "de", "next": "/"})
    by_link = client.get(reverse("set_language"), {"language": "en", "next": "/"})

    assert [unknown.status_code, lacking.status_code, by_link.status_code] == [302, 302, 302]
    assert list(User.objects.values_list("pk", "language")) == before
    assert not AuditRecord.objects.filter(verb="user.language_changed").exists()


def test_an_anonymous_switch_saves_nothing_but_the_cookie(client, db):
    UserFactory(language="uk")

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert list(User.objects.values_list("language", flat=True)) == ["uk"]
    assert not AuditRecord.objects.exists()
