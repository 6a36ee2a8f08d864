"""The API docs page in a real browser: Swagger UI from the site's own files, under its CSP."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, expect

from config.api import api
from pobratym.browser_testing import PageErrors, artifacts_dir, assert_accessible

pytestmark = pytest.mark.browser

DOCS = "/api/v1/docs"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def operation_count() -> int:
    return sum(len(operations) for operations in api.get_openapi_schema()["paths"].values())


@pytest.fixture
def strict_context(browser) -> Iterator[BrowserContext]:
    """A browser context that enforces the site's Content-Security-Policy, as a visitor's does."""
    context = browser.new_context(locale="uk-UA")
    yield context
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_docs_list_every_operation_with_no_csp_error(
    strict_context, live_server, transactional_db, viewport
):
    page = strict_context.new_page()
    page.set_viewport_size(viewport)
    errors = PageErrors(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(live_server.url + DOCS)

    operations = page.locator(".opblock")
    expect(operations).to_have_count(operation_count())
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/directory/authorities").first
    ).to_be_visible()
    page.screenshot(path=artifacts_dir() / f"api-docs-{viewport['width']}.png", full_page=True)
    assert errors.messages == []
    assert [url for url in requested if not url.startswith(live_server.url)] == []


def test_an_operation_can_be_tried_from_the_docs(strict_context, live_server, transactional_db):
    page = strict_context.new_page()
    errors = PageErrors(page)
    page.goto(live_server.url + DOCS)

    sectors = page.locator(".opblock", has_text="/api/v1/exchange/sectors")
    sectors.locator(".opblock-summary").click()
    sectors.get_by_role("button", name="Try it out").click()
    sectors.get_by_role("button", name="Execute").click()

    expect(sectors.locator(".live-responses-table tr.response .response-col_status")).to_have_text(
        "200"
    )
    assert errors.messages == []


def test_the_docs_page_passes_axe(axe_context, live_server, transactional_db):
    page = axe_context.new_page()
    page.goto(live_server.url + DOCS)
    expect(page.locator(".opblock").first).to_be_visible()

    assert_accessible(page)
