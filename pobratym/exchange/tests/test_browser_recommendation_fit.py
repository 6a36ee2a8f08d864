"""What a visitor reads in recommendations: a partner that fits best comes first and is named
a partner; the fit in words; one number per reason; items compared with what is still needed
and what is left to give; an offer's communities with their best needs, open ones first.

Debian's chromium through Playwright, the real embedding model, axe-core on the pages.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import BrowserContext, expect

from pobratym.accounts.tests.factories import secretariat
from pobratym.browser_testing import PageErrors, assert_accessible, interface_text
from pobratym.directory.tests.factories import AuthorityFactory, RegionFactory, municipality
from pobratym.exchange.enums import NeedStatus
from pobratym.exchange.models import Need
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services as partnerships

pytestmark = pytest.mark.browser

BOURGES_OFFER = "Expertise en traitement de l'eau potable"
PLUNGE_OFFER = "Generatoriai ir šildytuvai fronto bendruomenėms"
FIT_WORDS = ("Strong fit", "Good fit", "Weak fit")


@pytest.fixture
def world(transactional_db, live_server):
    """Korosten, partnered with Bourges, needs water treatment; Bourges and Drammen offer
    water expertise. Kharkiv needs generators (partly met) and fuel tanks; Plungė offers
    generators and heaters."""
    staff = secretariat()
    korosten = AuthorityFactory(latitude=50.95, longitude=28.64)
    kharkiv = AuthorityFactory(
        name="Харківська міська територіальна громада",
        official_code="UA63120270000096114",
        centre_name="Харків",
        population=1_421_125,
        latitude=49.99,
        longitude=36.23,
        region=RegionFactory(code="UA-63", name="Харківська область", name_uk="Харківська область"),
    )
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
    drammen = municipality(
        "Drammen",
        country="NO",
        country_en="Norway",
        country_uk="Норвегія",
        population=106_013,
        latitude=59.74,
        longitude=10.20,
    )
    plunge = municipality(
        "Plungė",
        country="LT",
        country_en="Lithuania",
        country_uk="Литва",
        population=18_904,
        latitude=55.91,
        longitude=21.84,
    )
    korosten_need = publish_need(
        korosten,
        staff,
        title="Модернізація очисних споруд питної води",
        description="Водоканал шукає партнера з досвідом реконструкції станції очищення питної "
        "води: вибір технології знезалізнення, навчання персоналу.",
        sectors=["water"],
        items=[],
    )
    publish_offer(
        bourges,
        staff,
        title=BOURGES_OFFER,
        description="Les ingénieurs de la régie des eaux accompagnent la modernisation d'une "
        "station de traitement de l'eau potable : déferrisation, formation du personnel.",
        sectors=["water"],
    )
    publish_offer(
        drammen,
        staff,
        title="Rådgivning om drikkevannsforsyning og ledningsnett",
        description="Drammen kommune deler erfaring med rehabilitering av vannledninger.",
        sectors=["water"],
        staff_languages=["no", "en"],
    )
    partnership = partnerships.partnership_express_interest(
        from_organisation=korosten, to_organisation=bourges, actor=staff
    ).partnership
    partnerships.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=staff
    )
    generators = publish_need(
        kharkiv,
        staff,
        title="Генератори для котелень і лікарень",
        description="Котельні та лікарні потребують резервного живлення: дизельні генератори.",
        sectors=["energy.generators"],
        urgency="critical",
        items=[ItemIn(name="Дизельний генератор 100 кВт", quantity="20", unit="pieces")],
    )
    tanks = publish_need(
        kharkiv,
        staff,
        title="Паливо та генератори для насосних станцій",
        description="Насосним станціям водоканалу потрібні генератори і запас пального.",
        sectors=["energy.generators"],
        urgency="high",
        items=[],
    )
    publish_offer(
        plunge,
        staff,
        kind="equipment",
        title=PLUNGE_OFFER,
        description="Plungės savivaldybė perduoda dyzelinius generatorius ir elektrinius "
        "šildytuvus Ukrainos fronto linijos bendruomenėms.",
        sectors=["energy.generators", "energy.heating"],
        staff_languages=["lt", "en"],
        items=[
            ItemIn(name="Dyzelinis generatorius 30 kW", quantity="10", unit="pieces"),
            ItemIn(name="Elektrinis šildytuvas", quantity="50", unit="pieces"),
        ],
    )
    # Deliveries move a need to "partly met" (docs/partnerships.md); the page only reads it.
    Need.objects.filter(pk=generators.pk).update(status=NeedStatus.PARTLY_MET)
    return {"korosten_need": korosten_need, "generators": generators, "tanks": tanks}


# A reason's points, the one number of the line beyond the facts it names.
POINTS = re.compile(r"\((\d+[.,]\d\d)\)")


def test_a_partner_that_fits_best_comes_first_with_words_and_one_number_per_reason(
    world, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    errors = PageErrors(page)

    page.goto(live_server.url + world["korosten_need"].get_absolute_url())

    items = page.locator("section.recommendations ol > li")
    expect(items).to_have_count(2)
    first = items.first
    expect(first.get_by_role("link", name=BOURGES_OFFER)).to_be_visible()
    expect(first.locator("[data-partner]")).to_have_text(interface_text("Already partners"))
    expect(items.nth(1).locator("[data-partner]")).to_have_count(0)
    words = {interface_text(word) for word in FIT_WORDS}
    for fit in items.locator("[data-fit]").all_inner_texts():
        assert fit.split(" · ")[0] in words
    for reason in first.locator("ul.reasons li").all_inner_texts():
        assert reason.count("(") == len(POINTS.findall(reason)) <= 1, reason
    assert_accessible(page)
    assert errors.messages == []


def test_items_are_compared_and_an_offer_lists_each_hromadas_best_needs_open_first(
    world, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    errors = PageErrors(page)

    page.goto(live_server.url + world["generators"].get_absolute_url())
    plunge = page.locator("section.recommendations ol > li").first
    expect(plunge.get_by_role("link", name=PLUNGE_OFFER)).to_be_visible()
    expect(plunge.locator("[data-reason=item_needed]")).to_contain_text("20")
    expect(plunge.locator("[data-reason=item_left]").first).to_contain_text(
        "Dyzelinis generatorius 30 kW"
    )
    expect(plunge.locator("[data-reason=item_left]").first).to_contain_text("10")

    page.get_by_role("link", name=PLUNGE_OFFER).click()
    kharkiv = page.locator("section.recommendations ol > li").first
    needs = kharkiv.locator("[data-needs] li")
    expect(needs).to_have_count(2)
    expect(needs.first).to_contain_text(world["tanks"].title)
    expect(needs.nth(1)).to_contain_text(world["generators"].title)
    with translation.override("uk"):
        partly_met = str(NeedStatus.PARTLY_MET.label)
    expect(needs.nth(1)).to_contain_text(partly_met)
    assert_accessible(page)
    assert errors.messages == []
