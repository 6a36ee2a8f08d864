"""A facilitator runs a round for frontline hromadas, reads the coverage report, publishes, and
a hromada editor sees the proposal: Debian's chromium through Playwright, axe-core on each page.
"""

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, expect

from pobratym.accounts.tests.factories import PASSWORD, editor_of, facilitator_of, secretariat
from pobratym.browser_testing import (
    PageErrors,
    artifacts_dir,
    assert_accessible,
    field_label,
    interface_text,
    sign_in,
)
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    municipality,
)
from pobratym.exchange.tests.helpers import publish_need, publish_offer

pytestmark = pytest.mark.browser

FACILITATOR = "ruta@lsa.example"
VILLAGE_EDITOR = "oksana@vilshanka.example"
CURATOR = "taras@auc.example"
FRONTLINE = {
    "frontline_status": "frontline",
    "frontline_source": "Test list",
    "frontline_as_of": datetime.date(2026, 11, 1),
}


@pytest.fixture
def world(transactional_db, live_server, settings):
    """LSA with Plungė (generators for one partner); two frontline hromadas need generators;
    a city outside the frontline needs them too. Embedded by a fake model: fast, and the
    round's outcome rests on coverage and fairness, not on text."""
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"
    lsa = AssociationFactory(slug="lsa", kind="national_association", name="LSA")
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    MembershipFactory(association=lsa, authority=plunge)
    village = AuthorityFactory(
        name="Вільшанська сільська територіальна громада",
        official_code="UA18040110000042541",
        centre_name="Вільшанка",
        population=4_100,
        **FRONTLINE,
    )
    town = AuthorityFactory(
        name="Лиманська міська територіальна громада",
        official_code="UA14160130000077898",
        centre_name="Лиман",
        population=20_000,
        **FRONTLINE,
    )
    staff = secretariat()
    for hromada in (village, town):
        publish_need(hromada, staff, title=f"Генератори: {hromada.centre_name}")
    publish_offer(
        plunge,
        staff,
        title="Generatoriai",
        sectors=["energy.generators"],
        capacity=1,
        staff_languages=["lt", "en"],
    )
    facilitator = facilitator_of(lsa, email=FACILITATOR)
    device = TOTPDevice.objects.create(user=facilitator, name="Phone", confirmed=True)
    editor_of(village, email=VILLAGE_EDITOR)
    auc = AssociationFactory(
        slug="auc", kind="national_association", name="AUC", name_uk="Асоціація громад"
    )
    MembershipFactory(association=auc, authority=village)
    curator = facilitator_of(auc, email=CURATOR)
    TOTPDevice.objects.create(user=curator, name="Phone", confirmed=True)
    return device


def run_frontline_round(page):
    page.get_by_role("link", name=interface_text("Run a new round")).click()
    assert_accessible(page)
    page.get_by_label(field_label("Title")).fill("Генератори для прифронтових громад")
    page.get_by_label(interface_text("Frontline hromadas only")).check()
    page.get_by_label(field_label("Lowest fit that counts")).fill("-2")
    page.get_by_role("button", name=interface_text("Run the round")).click()


def test_facilitator_runs_a_round_publishes_it_and_the_hromada_sees_its_proposal(
    world, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    errors = PageErrors(page)
    sign_in(page, live_server.url, FACILITATOR, PASSWORD, world)

    page.locator("header").get_by_role("link", name=interface_text("Proposals")).click()
    run_frontline_round(page)

    report = page.locator("section[aria-labelledby=report-heading]")
    expect(report).to_contain_text("1 з 2 громад")
    by_band = report.locator("table", has_text=interface_text("Coverage by population"))
    expect(by_band.locator("tbody tr").first).to_contain_text(interface_text("under 10,000"))
    expect(by_band.locator("tbody tr").first).to_contain_text("100 %")
    expect(report.locator("ul.uncovered li")).to_contain_text("Лиманська")
    proposals = page.locator("section[aria-labelledby=proposals-heading] ol > li")
    expect(proposals).to_have_count(1)
    expect(proposals.first).to_contain_text("Вільшанська")
    expect(proposals.first.get_by_role("link", name="Генератори: Вільшанка")).to_be_visible()
    page.screenshot(path=str(artifacts_dir() / "allocation-round.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name=interface_text("Publish the proposals")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        interface_text("Publish the proposals")
    )
    assert_accessible(page)
    page.locator("main form").get_by_role(
        "button", name=interface_text("Publish the proposals")
    ).click()
    expect(page.locator(".messages")).to_contain_text(
        interface_text("The round is published: both sides now see their proposals.")
    )
    page.locator("header").get_by_role("button", name=interface_text("Sign out")).click()

    sign_in(page, live_server.url, VILLAGE_EDITOR, PASSWORD)
    page.locator("header").get_by_role("link", name=interface_text("Proposals")).click()
    mine = page.locator("section[aria-labelledby=proposals-heading] ul.proposal-list > li")
    expect(mine).to_have_count(1)
    expect(mine.first.get_by_role("heading", level=3)).to_have_text("Plungė")
    expect(mine.first.locator("ul.reasons li").first).to_contain_text(
        interface_text("Shared sector: %(sectors)s").split(":")[0]
    )
    assert_accessible(page)
    mine.first.get_by_role("button", name=interface_text("Accept")).click()
    expect(page.locator(".messages")).to_contain_text(interface_text("Your answer is recorded."))
    assert errors.messages == []


def test_removing_asks_first_recomputes_the_report_and_leaves_nothing_to_publish(
    world, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    errors = PageErrors(page)
    sign_in(page, live_server.url, FACILITATOR, PASSWORD, world)
    page.locator("header").get_by_role("link", name=interface_text("Proposals")).click()
    run_frontline_round(page)
    proposals = page.locator("section[aria-labelledby=proposals-heading] ol > li")
    expect(proposals).to_have_count(1)

    proposals.first.get_by_role("button", name=interface_text("Remove")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(interface_text("Remove the proposal"))
    expect(page.locator("main dl")).to_contain_text("Вільшанська")
    assert_accessible(page)
    page.get_by_role("button", name=interface_text("Back to the review")).click()
    expect(proposals.first).not_to_have_class("removed")
    proposals.first.get_by_role("button", name=interface_text("Remove")).click()
    page.locator("main form").get_by_role(
        "button", name=interface_text("Remove the proposal")
    ).click()

    expect(page.locator(".messages")).to_contain_text(
        interface_text("The proposal is removed from the round.")
    )
    report = page.locator("section[aria-labelledby=report-heading]")
    expect(report).to_contain_text("0 з 2 громад")
    expect(report.locator("ul.uncovered")).to_contain_text(
        interface_text("its proposal was removed in review")
    )
    expect(page.get_by_role("button", name=interface_text("Publish the proposals"))).to_have_count(
        0
    )
    assert_accessible(page)
    assert errors.messages == []


def test_a_facilitator_of_the_hromadas_association_answers_on_its_behalf(
    world, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    errors = PageErrors(page)
    sign_in(page, live_server.url, FACILITATOR, PASSWORD, world)
    page.locator("header").get_by_role("link", name=interface_text("Proposals")).click()
    run_frontline_round(page)
    page.get_by_role("button", name=interface_text("Publish the proposals")).click()
    page.locator("main form").get_by_role(
        "button", name=interface_text("Publish the proposals")
    ).click()
    page.locator("header").get_by_role("button", name=interface_text("Sign out")).click()

    sign_in(page, live_server.url, CURATOR, PASSWORD, TOTPDevice.objects.get(user__email=CURATOR))
    page.locator("header").get_by_role("link", name=interface_text("Proposals")).click()
    behalf = page.locator("section[aria-labelledby=behalf-heading] ul.proposal-list > li")
    expect(behalf).to_have_count(1)
    expect(behalf.first).to_contain_text("Вільшанська")
    expect(behalf.first.get_by_role("heading", level=3)).to_have_text("Plungė")
    assert_accessible(page)
    behalf.first.get_by_role("button", name=interface_text("Accept")).click()

    expect(page.locator(".messages")).to_contain_text(interface_text("Your answer is recorded."))
    expect(behalf.first.locator("dl")).to_contain_text(interface_text("accepted").capitalize())
    assert errors.messages == []


def test_a_round_over_an_association_whose_members_offer_nothing_is_refused_on_the_form(
    world, live_server, axe_context: BrowserContext
):
    # The hromadas' association: its only member, the village, seeks and offers nothing.
    page = axe_context.new_page()
    errors = PageErrors(page)
    sign_in(page, live_server.url, CURATOR, PASSWORD, TOTPDevice.objects.get(user__email=CURATOR))
    page.locator("header").get_by_role("link", name=interface_text("Proposals")).click()
    run_frontline_round(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        interface_text("Run an allocation round")
    )
    expect(page.locator("main form")).to_contain_text("Жоден член асоціації «Асоціація громад»")
    expect(page.get_by_label(field_label("Title"))).to_have_value(
        "Генератори для прифронтових громад"
    )
    assert_accessible(page)
    assert errors.messages == []
