"""A visitor searches in English and finds a need written in Ukrainian and an offer written in
Polish, each marked with its language; Debian's chromium through Playwright, axe-core checks."""

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, expect

from pobratym.accounts.tests.factories import secretariat
from pobratym.browser_testing import PageErrors, assert_accessible, field_label, interface_text
from pobratym.directory.tests.factories import AuthorityFactory, municipality
from pobratym.exchange.tests.helpers import publish_need, publish_offer

pytestmark = pytest.mark.browser


@pytest.fixture
def records(transactional_db, live_server, settings):
    """Committed, so the live server sees them; embedded by a fake that knows "water" in uk,
    en and pl (pobratym/search/tests/fakes.py)."""
    settings.EXCHANGE_EMBEDDER = "pobratym.search.tests.fakes.ConceptEmbedder"
    staff = secretariat()
    korosten = AuthorityFactory()
    krakow = municipality(
        "Kraków", country="PL", country_en="Poland", country_uk="Польща", population=800_000
    )
    publish_need(
        korosten,
        staff,
        title="Відновлення водопостачання",
        description="Потрібні насоси для водогону та фільтри для питної води.",
        sectors=["water"],
        items=[],
    )
    publish_offer(
        krakow,
        staff,
        title="Doradztwo wodociągowe",
        description="Nasi inżynierowie wodociągów pomagają w naprawie sieci wodnej.",
        sectors=["water"],
        staff_languages=["pl", "en"],
    )
    publish_offer(
        krakow,
        staff,
        title="Współpraca muzeów",
        description="Wymiana wystaw i konserwatorów.",
        sectors=["culture"],
    )


def test_a_query_in_english_finds_ukrainian_and_polish_texts(
    records, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    errors = PageErrors(page)
    page.goto(live_server.url + reverse("search:search"))
    assert_accessible(page)

    page.get_by_label(field_label("Search for")).fill("water supply")
    page.locator("main form button[type=submit]").click()

    results = page.locator("ol.search-results > li")
    expect(results).to_have_count(2)
    expect(page.locator("ol.search-results a[lang=uk]")).to_have_text("Відновлення водопостачання")
    expect(page.locator("ol.search-results a[lang=pl]")).to_have_text("Doradztwo wodociągowe")
    expect(page.get_by_text("Współpraca muzeów")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label(interface_text("Kind")).select_option("offer")
    page.locator("main form button[type=submit]").click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Doradztwo wodociągowe")
    assert errors.messages == []
