"""In a real browser: Bourges's editor expresses interest in Korosten's need, naming Bourges's own
generators offer; Korosten's editor finds it waiting on the home page; Bourges withdraws it and
it is no longer waiting. A visitor reads Korosten's profile (needs, offers, partnerships) and
follows "I work here" to the sign-in and on to the sign-up, the claim kept along.

Debian's chromium through Playwright; axe-core at a phone's width (390 px) and at a desktop's.
"""

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pobratym.accounts.tests.factories import PASSWORD
from pobratym.browser_testing import (
    PageErrors,
    artifacts_dir,
    assert_accessible,
    axe_ready_context,
    field_label,
    interface_text,
    sign_in,
)
from pobratym.partnerships.models import Partnership
from pobratym.portal.tests.conftest import GENERATORS, make_scene

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture
def second_context(browser: Browser) -> Iterator[BrowserContext]:
    context = axe_ready_context(browser)
    yield context
    context.close()


def english(text: str) -> str:
    return interface_text(text, "en")


def accessible_at_both_widths(page: Page, name: str) -> None:
    """axe passes at a phone's and a desktop's width; a screenshot of each for people."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
        page.screenshot(path=str(artifacts_dir() / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


@pytest.fixture
def journey(transactional_db, live_server):
    scene = make_scene()
    need = scene.need(title="Генератори для лікарні", items=GENERATORS)
    offer = scene.offer(title="Groupes électrogènes", kind="equipment", sectors=["energy"])
    scene.offer(title="Eau potable", sectors=["water"])
    return scene, need, offer


def test_interest_in_a_need_waits_for_the_other_side_until_withdrawn(
    journey, live_server, axe_context: BrowserContext, second_context: BrowserContext
):
    _scene, need, offer = journey
    claire = axe_context.new_page()
    olena = second_context.new_page()
    errors = [PageErrors(claire), PageErrors(olena)]
    sign_in(claire, live_server.url, "claire@bourges.example", PASSWORD)
    sign_in(olena, live_server.url, "olena@korosten.example", PASSWORD)

    # Bourges's editor (her account reads English), on Korosten's need, expresses interest
    # with its own generators offer.
    claire.goto(live_server.url + need.get_absolute_url())
    accessible_at_both_widths(claire, "need-page-european-editor")
    claire.get_by_role("link", name=english("Express interest in this need")).click()
    offers = claire.get_by_label(field_label("Your offer for this need", "en"))
    expect(offers.locator("option")).to_have_count(2)  # none, or the generators (not water)
    offers.select_option(str(offer.pk))
    claire.get_by_label(field_label("Note to the other side", "en")).fill(
        "Ми можемо передати генератори."
    )
    accessible_at_both_widths(claire, "express-interest-form")
    claire.get_by_role("button", name=english("Express interest")).click()
    expect(claire.locator("[data-state]")).to_have_text(english("interest expressed").capitalize())
    expect(claire.locator("ul.linked-records a")).to_have_text([need.title, offer.title])
    partnership = Partnership.objects.get()

    # Korosten's editor finds it waiting on the home page.
    olena.goto(live_server.url + reverse("home"))
    waiting = olena.locator("[data-waiting=interests] a")
    expect(waiting).to_have_attribute("href", partnership.get_absolute_url())
    accessible_at_both_widths(olena, "home-waiting-for-you")

    # Bourges withdraws its interest; it no longer waits for Korosten.
    claire.goto(live_server.url + partnership.get_absolute_url())
    expect(
        claire.get_by_role("button", name=english("Accept and start the dialogue"))
    ).to_have_count(0)
    claire.get_by_role("button", name=english("Withdraw our interest")).click()
    expect(claire.locator("[data-state]")).to_have_text(english("interest withdrawn").capitalize())
    accessible_at_both_widths(claire, "partnership-withdrawn")
    olena.reload()
    expect(olena.locator("[data-waiting=interests]")).to_have_count(0)
    expect(olena.get_by_text(interface_text("Nothing waits for you now."))).to_be_visible()
    assert [message for page_errors in errors for message in page_errors.messages] == []


def test_a_visitor_reads_a_profile_and_joins_from_it(
    journey, live_server, axe_context: BrowserContext
):
    scene, need, _offer = journey
    scene.accepted()  # parties only: the visitor does not see it
    visitor = axe_context.new_page()
    errors = PageErrors(visitor)

    visitor.goto(live_server.url + scene.korosten.get_absolute_url())
    expect(visitor.get_by_role("link", name=need.title)).to_be_visible()
    expect(visitor.get_by_text(interface_text("No partnership is shown to you."))).to_be_visible()
    accessible_at_both_widths(visitor, "profile-sections")

    visitor.get_by_role("link", name=interface_text("I work here — join as editor")).click()
    claim = f"{reverse('accounts:claim')}?authority={scene.korosten.pk}"
    expect(visitor.get_by_role("link", name=interface_text("Join Pobratym"))).to_have_attribute(
        "href", f"{reverse('accounts:sign_up')}?next={quote(claim, safe='/')}"
    )
    visitor.get_by_role("link", name=interface_text("Join Pobratym")).click()
    expect(visitor.locator("main input[name=next]")).to_have_value(claim)
    accessible_at_both_widths(visitor, "sign-up-to-join")
    assert errors.messages == []
