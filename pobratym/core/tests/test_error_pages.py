"""With DEBUG off (the demo and production), errors are the site's pages in the visitor's
language; static files are served by WhiteNoise; a form in another charset is a 400."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import translation

from pobratym.core.error_pages import permission_denied


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def page(response):
    return response.content.decode()


def test_a_missing_page_is_the_sites_404_in_english(client, db):
    response = client.get("/directory/no-such-page/", headers={"accept-language": "en"})

    assert response.status_code == 404
    html = page(response)
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert "vendor/pico/pico.min.css" in html
    assert 'href="/search/">Search needs, offers and partners</a>' in html


def test_a_missing_page_is_the_sites_404_in_ukrainian(client, db):
    response = client.get("/directory/no-such-page/", headers={"accept-language": "uk"})

    assert response.status_code == 404
    assert "<h1>Сторінку не знайдено</h1>" in page(response)


def test_a_refused_form_is_the_sites_403_and_changes_nothing(db):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        "/i18n/setlang/", {"language": "en", "next": "/"}, headers={"accept-language": "uk"}
    )

    assert response.status_code == 403
    assert "<h1>Форму не прийнято</h1>" in page(response)
    assert "django_language" not in response.cookies


def test_a_forbidden_page_is_the_sites_403(db):
    request = RequestFactory().get("/admin/accounts/user/")
    request.user = AnonymousUser()
    with translation.override("en"):
        response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in page(response)


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Something went wrong"), ("uk", "Щось пішло не так")]
)
def test_a_server_error_is_the_sites_500_without_the_database(db, language, heading):
    with connection.cursor() as cursor:
        # A broken database: the directory's table is gone (the test's rollback restores it).
        cursor.execute("ALTER TABLE directory_authority RENAME TO directory_authority_gone")

    response = Client(raise_request_exception=False).get(
        "/directory/", headers={"accept-language": language}
    )

    assert response.status_code == 500
    html = page(response)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert "vendor/pico/pico.min.css" in html
    assert "Traceback" not in html
    assert "directory_authority" not in html


def _browser_with_csrf_cookie():
    browser = Client(enforce_csrf_checks=True)
    browser.get("/accounts/login/")
    return browser, browser.cookies["csrftoken"].value


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        ("utf-16", "language=en&next=/".encode("utf-16")),
        ("utf-32", "language=en&next=/".encode("utf-32")),
        ("koi8-u", "language=en&next=/".encode("koi8-u")),
        ("no-such-charset", b"language=en&next=/"),
        ("", b"language=en&next=/"),
    ],
)
def test_a_form_in_another_charset_is_a_400_and_changes_nothing(db, charset, body):
    browser, token = _browser_with_csrf_cookie()

    response = browser.generic(
        "POST",
        "/i18n/setlang/",
        data=body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        headers={"x-csrftoken": token, "accept-language": "en"},
    )

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in page(response)
    assert "django_language" not in response.cookies


def test_a_multipart_form_in_another_charset_is_a_400(db):
    browser, token = _browser_with_csrf_cookie()
    body = "--b\r\nContent-Disposition: form-data; name=language\r\n\r\nen\r\n--b--\r\n"

    response = browser.generic(
        "POST",
        "/i18n/setlang/",
        data=body.encode("utf-16"),
        content_type="multipart/form-data; boundary=b; charset=utf-16",
        headers={"x-csrftoken": token, "accept-language": "uk"},
    )

    assert response.status_code == 400
    assert "<h1>Неправильний запит</h1>" in page(response)
    assert "django_language" not in response.cookies


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", None])
def test_a_form_in_utf8_is_taken(db, charset):
    browser, token = _browser_with_csrf_cookie()
    content_type = "application/x-www-form-urlencoded"

    response = browser.generic(
        "POST",
        "/i18n/setlang/",
        data=b"language=en&next=/",
        content_type=content_type if charset is None else f"{content_type}; charset={charset}",
        headers={"x-csrftoken": token},
    )

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/static/css/site.css", "text/css"),
        ("/static/vendor/pico/pico.min.css", "text/css"),
        ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "text/javascript"),
        ("/static/js/api-docs.js", "text/javascript"),
    ],
)
def test_static_files_are_served_without_debug(db, settings, path, content_type):
    response = Client().get(path)
    body = b"".join(response.streaming_content)  # read to the end, the file is closed

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert body == (settings.BASE_DIR / "static" / path.removeprefix("/static/")).read_bytes()
