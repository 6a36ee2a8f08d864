"""The directory in a real browser: Debian's chromium, driven by Playwright, checked by axe-core.

Playwright's sync API keeps an asyncio event loop running in the test thread, which makes
Django refuse database work there (SynchronousOnlyOperation) — for the fixtures that build
the data and for the flush after each transactional test. ``chromium_browser`` therefore sets
DJANGO_ALLOW_ASYNC_UNSAFE=true before the browser starts, for as long as it runs; the test
thread never runs coroutines itself, so nothing unsafe is actually allowed.

Translations may not be compiled, so the assertions rest on ``lang`` attributes, on the data
and on English source texts rather than on Ukrainian interface strings.
"""

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from pobratym.browser_testing import (
    PageErrors,
    artifacts_dir,
    assert_accessible,
    chromium_browser,
    describe_violations,
    interface_text,
)
from pobratym.directory.models import Authority

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def directory(transactional_db, small_directory, live_server) -> dict[str, Authority]:
    """The hand-made directory, committed so that the live server's thread can see it."""
    return small_directory


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A browser context that enforces the site's Content-Security-Policy, as a visitor's does."""
    strict = browser.new_context(locale="uk-UA")
    yield strict
    strict.close()


def search(page: Page, text: str) -> None:
    """Type into the directory's name field and submit the filter form."""
    field = page.get_by_label("Name", exact=True)
    expect(field).to_have_attribute("name", "q")
    field.fill(text)
    page.locator("form.directory-filters button[type=submit]").click()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [text])


def result_links(page: Page):
    return page.locator("table tbody tr td:first-child a")


def test_a_visitor_switches_to_english_and_finds_korosten(
    directory: dict[str, Authority], live_server, context: BrowserContext
):
    page = context.new_page()
    errors = PageErrors(page)
    documents: list[Response] = []
    page.on(
        "response",
        lambda response: (
            documents.append(response)
            if response.request.resource_type == "document" and response.status == 200
            else None
        ),
    )

    # A new visitor gets Ukrainian: the page and the data are in Ukrainian.
    response = page.goto(live_server.url + "/directory/")
    assert response is not None and response.ok
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text(interface_text("Directory", "uk"))
    expect(result_links(page)).to_have_count(4)  # Wedding is a city section: left out
    expect(result_links(page).first).to_have_text("Берлін")
    expect(
        page.get_by_role("link", name="Коростенська міська територіальна громада")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Бурж", exact=True)).to_be_visible()

    # The language switcher offers English, labelled in English.
    switch = page.locator("header form.language-switcher button[name=language][value=en]")
    expect(switch).to_have_attribute("lang", "en")
    switch.click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + "/directory/")
    expect(page.locator("h1")).to_have_text("Directory")
    expect(page.locator("header button[name=language][value=uk]")).to_have_attribute("lang", "uk")
    expect(page.get_by_role("link", name="Bourges", exact=True)).to_be_visible()
    page.screenshot(path=artifacts_dir() / "directory.png", full_page=True)

    # Korosten, typed in Latin letters, finds the hromada and nothing else.
    search(page, "Korosten")
    expect(html).to_have_attribute("lang", "en")
    links = result_links(page)
    expect(links).to_have_count(1)
    expect(links.first).to_contain_text("Korostenska")
    expect(page.get_by_role("link", name="Bourges")).to_have_count(0)
    page.screenshot(path=artifacts_dir() / "directory-korosten.png", full_page=True)

    # Its profile names Korosten (Коростень) as the administrative centre.
    links.first.click()
    expect(page).to_have_url(live_server.url + directory["korosten"].get_absolute_url())
    expect(page.locator("h1")).to_have_text("Korostenska city hromada")
    centre = page.locator("dl.facts dt", has_text="Administrative centre").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(centre).to_have_text("Korosten")  # the official romanisation in English
    page.screenshot(path=artifacts_dir() / "profile.png", full_page=True)

    # Cyrillic finds a European municipality; Latin without diacritics finds Plungė.
    page.goto(live_server.url + "/directory/")
    search(page, "Бурж")
    expect(result_links(page)).to_have_count(1)
    expect(result_links(page).first).to_have_text("Bourges")
    search(page, "Plunge")
    expect(result_links(page)).to_have_count(1)
    expect(result_links(page).first).to_have_text("Plungė")

    # Every page came with the strict policy, and the browser never had to enforce it.
    assert len(documents) >= 6
    for document in documents:
        policy = document.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, f"{document.url} has no strict CSP: {policy!r}"
    assert not errors.csp_violations, "\n".join(errors.csp_violations)
    assert not errors.messages, "\n".join(errors.messages)
    page.close()


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize("page_name", ["home", "list", "search", "profile"])
def test_pages_have_no_serious_accessibility_violations(
    directory: dict[str, Authority], live_server, browser: Browser, language: str, page_name: str
):
    path = {
        "home": "/",
        "list": "/directory/",
        "search": "/directory/?q=Korosten",
        "profile": directory["korosten"].get_absolute_url(),
    }[page_name]
    # axe-core is injected as a script, which the site's CSP rightly forbids: bypass it here.
    axe_context = browser.new_context(bypass_csp=True)
    try:
        axe_context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page = axe_context.new_page()
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok
        expect(page.locator("html")).to_have_attribute("lang", language)
        if page_name != "home":
            expect(page.locator("main table, main dl.facts").first).to_be_visible()
        results = assert_accessible(page)
        # Minor and moderate violations, and what axe could not decide, go to the output.
        for kind in ("violations", "incomplete"):
            if results[kind]:
                print(f"\naxe-core {kind} on {path} [{language}]:")
                print(describe_violations(results[kind]))
    finally:
        axe_context.close()
