"""A Korosten editor posts a need in Ukrainian and, on the need's page, finds Bourges's offer
written in French among the recommendations, with reasons in Ukrainian.

Debian's chromium through Playwright, the real embedding model, axe-core on the page.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, expect

from pobratym.accounts.tests.factories import PASSWORD, editor_of
from pobratym.browser_testing import (
    PageErrors,
    artifacts_dir,
    assert_accessible,
    field_label,
    interface_text,
    sign_in,
)
from pobratym.directory.tests.factories import AuthorityFactory, municipality
from pobratym.exchange.models import Sector
from pobratym.exchange.tests.helpers import publish_offer

pytestmark = pytest.mark.browser

EDITOR_EMAIL = "olena@korosten.example"
OFFER_TITLE = "Expertise en traitement de l'eau potable"


@pytest.fixture
def exchange(transactional_db, live_server):
    """Korosten with an editor; Bourges and Kassel with offers, embedded by the real model."""
    korosten = AuthorityFactory(latitude=50.95, longitude=28.64)
    bourges = municipality(
        "Bourges",
        name_uk="Бурж",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67_987,
        latitude=47.08,
        longitude=2.40,
    )
    kassel = municipality(
        "Kassel",
        name_uk="Кассель",
        country="DE",
        country_en="Germany",
        country_uk="Німеччина",
        population=197_230,
        latitude=51.32,
        longitude=9.50,
    )
    bourges_editor = editor_of(bourges)
    publish_offer(
        bourges,
        bourges_editor,
        title=OFFER_TITLE,
        description=(
            "Les ingénieurs de la régie des eaux accompagnent la modernisation d'une station "
            "de traitement de l'eau potable et forment le personnel d'exploitation."
        ),
        sectors=["water"],
    )
    publish_offer(
        kassel,
        editor_of(kassel),
        title="Museumspartnerschaft und Kulturaustausch",
        description="Gemeinsame Ausstellungen und Austausch von Restauratoren.",
        sectors=["culture"],
        staff_languages=["de", "en"],
    )
    editor_of(korosten, email=EDITOR_EMAIL)
    return korosten


def test_korosten_posts_a_need_in_ukrainian_and_sees_bourges_with_reasons(
    exchange, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    errors = PageErrors(page)
    sign_in(page, live_server.url, EDITOR_EMAIL, PASSWORD)

    page.goto(live_server.url + reverse("exchange:need_create"))
    page.get_by_label(field_label("Title")).fill("Модернізація очисних споруд питної води")
    page.get_by_label(field_label("Description")).fill(
        "Водоканал шукає партнера з досвідом реконструкції станції очищення питної води "
        "та навчання персоналу."
    )
    water = Sector.objects.get(code="water")
    page.get_by_label(water.label_uk, exact=True).check()
    page.get_by_label(field_label("Urgency")).select_option("high")
    page.get_by_role("button", name=interface_text("Save"), exact=True).click()

    section = page.locator("section.recommendations")
    expect(section.get_by_role("heading", level=2)).to_have_text(interface_text("Offers that fit"))
    first = section.locator("ol > li").first
    expect(first.get_by_role("link", name=OFFER_TITLE)).to_be_visible()
    expect(first.get_by_role("link", name="Бурж")).to_be_visible()
    reasons = first.locator("ul.reasons li")
    expect(reasons.first).to_have_text(f"Спільний сектор: {water.label_uk}")
    expect(first.locator("[data-reason=text]")).to_contain_text("Описи")
    expect(first.locator("[data-reason=distance]")).to_contain_text("км")
    # The culture offer shares no sector: it is never proposed for a water need.
    expect(section.get_by_text("Museumspartnerschaft")).to_have_count(0)

    page.screenshot(path=str(artifacts_dir() / "need-recommendations.png"), full_page=True)
    assert_accessible(page)
    assert errors.messages == []
