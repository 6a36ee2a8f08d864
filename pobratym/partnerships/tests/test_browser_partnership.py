"""Korosten expresses interest in Bourges's generators; Bourges accepts, logs an online meeting
with minutes and a follow-up, pledges 10 generators from its offer for Korosten's need and
ships them; Korosten confirms the receipt, its need shows as met and the offer as given.

Debian's chromium through Playwright, two people in two browser contexts, axe-core on the pages.
"""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, expect

from pobratym.accounts.tests.factories import PASSWORD, editor_of
from pobratym.browser_testing import (
    PageErrors,
    artifacts_dir,
    assert_accessible,
    axe_ready_context,
    field_label,
    interface_text,
    sign_in,
)
from pobratym.directory.tests.factories import AuthorityFactory, municipality
from pobratym.exchange.enums import NeedStatus
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships.enums import PartnershipState

pytestmark = pytest.mark.browser

KOROSTEN_EMAIL = "olena@korosten.example"
BOURGES_EMAIL = "claire@bourges.example"


@pytest.fixture
def korosten_browser(browser: Browser) -> Iterator[BrowserContext]:
    context = axe_ready_context(browser)
    yield context
    context.close()


@pytest.fixture
def bourges_browser(browser: Browser) -> Iterator[BrowserContext]:
    context = axe_ready_context(browser)
    yield context
    context.close()


@pytest.fixture
def scene(transactional_db, live_server):
    korosten = AuthorityFactory()
    bourges = municipality(
        "Bourges",
        name_uk="Бурж",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67_987,
    )
    korosten_editor = editor_of(korosten, email=KOROSTEN_EMAIL)
    bourges_editor = editor_of(bourges, email=BOURGES_EMAIL)
    need = publish_need(
        korosten,
        korosten_editor,
        title="Генератори для лікарні",
        items=[ItemIn(name="Дизельний генератор 30 кВт", quantity="10", unit="pieces")],
    )
    offer = publish_offer(
        bourges,
        bourges_editor,
        title="Groupes électrogènes pour l'hôpital",
        sectors=["energy.generators"],
        kind="equipment",
        items=[ItemIn(name="Groupe électrogène 30 kW", quantity="10", unit="pieces")],
    )
    return {"korosten": korosten, "bourges": bourges, "need": need, "offer": offer}


def test_from_interest_to_ten_generators_received(
    scene, live_server, korosten_browser: BrowserContext, bourges_browser: BrowserContext
):
    olena = korosten_browser.new_page()
    claire = bourges_browser.new_page()
    errors = [PageErrors(olena), PageErrors(claire)]
    sign_in(olena, live_server.url, KOROSTEN_EMAIL, PASSWORD)
    sign_in(claire, live_server.url, BOURGES_EMAIL, PASSWORD)

    # Korosten expresses interest in the offer.
    olena.goto(
        live_server.url + reverse("partnerships:express_interest") + f"?offer={scene['offer'].pk}"
    )
    olena.get_by_label(field_label("Note to the other side")).fill(
        "Нам потрібні генератори для лікарні."
    )
    assert_accessible(olena)
    olena.get_by_role("button", name=interface_text("Express interest")).click()
    expect(olena.locator("[data-state]")).to_have_text(
        str(PartnershipState.INTEREST_EXPRESSED.label).capitalize()
    )
    partnership_url = olena.url

    # Bourges accepts: the partnership moves to the dialogue.
    claire.goto(partnership_url)
    claire.get_by_role("button", name=interface_text("Accept and start the dialogue")).click()
    expect(claire.locator("[data-state]")).to_have_text(
        str(PartnershipState.IN_DIALOGUE.label).capitalize()
    )

    # An online meeting with minutes and a follow-up.
    claire.get_by_role("link", name=interface_text("Record an activity")).click()
    claire.get_by_label(field_label("Kind")).select_option("online_meeting")
    claire.get_by_label(field_label("Title")).fill("Онлайн-зустріч щодо генераторів")
    claire.get_by_label(field_label("Start date")).fill("2024-05-28")
    claire.get_by_label(field_label("Minutes")).fill("Домовилися передати 10 генераторів.")
    claire.get_by_label(field_label("Follow-up action")).first.fill("Надіслати специфікацію")
    claire.get_by_label(field_label("Who does it")).first.fill("Бурж")
    claire.get_by_label(field_label("Due date")).first.fill("2024-06-10")
    assert_accessible(claire)
    claire.get_by_role("button", name=interface_text("Save"), exact=True).click()
    expect(claire.locator("p.minutes")).to_have_text("Домовилися передати 10 генераторів.")
    expect(claire.locator("ul.followups li").first).to_contain_text("Надіслати специфікацію")

    # 10 generators pledged from the offer's stock, made of the need's own item, then shipped.
    claire.get_by_role("link", name=interface_text("Record a pledge of aid")).click()
    claire.get_by_label(field_label("The need it answers")).select_option(str(scene["need"].pk))
    claire.get_by_label(field_label("The offer it gives from")).select_option(
        str(scene["offer"].pk)
    )
    claire.get_by_role("button", name=interface_text("Show its items")).click()
    row = claire.locator("fieldset[data-line='0']")
    expect(row.locator("legend")).to_have_text(
        "Дизельний генератор 30 кВт: потрібно 10, обіцяно 0, отримано 0"
    )
    claire.get_by_label(field_label("Given by")).select_option(f"authority:{scene['bourges'].pk}")
    row.get_by_label(interface_text("Quantity, %(unit)s") % {"unit": "шт."}).fill("10")
    expect(row.get_by_label(field_label("From the offered item"))).to_have_value(
        str(scene["offer"].items.get().pk)
    )
    assert_accessible(claire)
    claire.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(claire)
    # The form itself fits a phone (the site header's own width is tested with the layout).
    assert (
        claire.evaluate(
            "Math.max(...[...document.querySelectorAll('main *')]"
            ".map(e => e.getBoundingClientRect().right))"
        )
        <= 390
    )
    claire.set_viewport_size({"width": 1280, "height": 800})
    claire.get_by_role("button", name=interface_text("Record the pledge")).click()
    expect(claire.locator("[data-delivery-state]")).to_have_attribute(
        "data-delivery-state", "pledged"
    )
    claire.get_by_role("button", name=interface_text("Record as shipped")).click()
    expect(claire.locator("[data-delivery-state]")).to_have_attribute(
        "data-delivery-state", "shipped"
    )
    # Only the receiving side confirms the receipt.
    expect(claire.get_by_role("button", name=interface_text("Confirm receipt"))).to_have_count(0)

    # Korosten confirms the receipt; its need is met.
    olena.goto(partnership_url)
    olena.get_by_role("button", name=interface_text("Confirm receipt")).click()
    expect(olena.locator("[data-delivery-state]")).to_have_attribute(
        "data-delivery-state", "received"
    )
    expect(olena.locator("td[data-received]")).to_have_text("10")
    olena.screenshot(path=str(artifacts_dir() / "partnership-detail.png"), full_page=True)
    assert_accessible(olena)

    olena.get_by_role("link", name="Генератори для лікарні").first.click()
    expect(olena.locator("hgroup p")).to_contain_text(str(NeedStatus.MET.label).capitalize())
    expect(olena.locator("td[data-received]")).to_have_text("10")
    assert_accessible(olena)

    # Everything the offer listed is given: it says so, and is no longer recommended.
    claire.goto(live_server.url + scene["offer"].get_absolute_url())
    expect(claire.locator("td[data-left]")).to_have_text("0")
    expect(claire.locator("[data-used-up]")).to_be_visible()
    assert_accessible(claire)
    assert [message for page_errors in errors for message in page_errors.messages] == []
