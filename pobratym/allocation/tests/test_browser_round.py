"""A facilitator runs a round for frontline hromadas, reads the coverage report, publishes, and
a hromada editor sees the proposal: Debian's chromium through Playwright, axe-core on each page.
"""

import datetime
import re
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pobratym.accounts.tests.factories import PASSWORD, editor_of, facilitator_of, secretariat
from pobratym.browser_testing import PageErrors, artifacts_dir, assert_accessible, chromium_browser
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
FRONTLINE = {
    "frontline_status": "frontline",
    "frontline_source": "Test list",
    "frontline_as_of": datetime.date(2026, 11, 1),
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # axe is injected as a script, which the site's Content-Security-Policy would refuse.
    axe_ready = browser.new_context(locale="uk-UA", bypass_csp=True)
    yield axe_ready
    axe_ready.close()


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
    return device


def t(text: str) -> str:
    with translation.override("uk"):
        return translation.gettext(text)


def label(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(t(text))}(\s*\*)?\s*$")


def current_code(device: TOTPDevice) -> str:
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def sign_in(page: Page, live_server, email: str, device: TOTPDevice | None = None) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label(label("E-mail address")).fill(email)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    if device is not None:
        page.get_by_label(label("Code from your authenticator app")).fill(current_code(device))
        page.locator("main form button[type=submit]").click()
    expect(page.locator("header").get_by_role("button", name=t("Sign out"))).to_be_visible()


def test_facilitator_runs_a_round_publishes_it_and_the_hromada_sees_its_proposal(
    world, live_server, context: BrowserContext
):
    page = context.new_page()
    errors = PageErrors(page)
    sign_in(page, live_server, FACILITATOR, world)

    page.locator("header").get_by_role("link", name=t("Proposals")).click()
    page.get_by_role("link", name=t("Run a new round")).click()
    assert_accessible(page)
    page.get_by_label(label("Title")).fill("Генератори для прифронтових громад")
    page.get_by_label(t("Frontline hromadas only")).check()
    page.get_by_label(label("Lowest fit that counts")).fill("-2")
    page.get_by_role("button", name=t("Run the round")).click()

    report = page.locator("section[aria-labelledby=report-heading]")
    expect(report).to_contain_text("1 з 2 громад")
    by_band = report.locator("table", has_text=t("Coverage by population"))
    expect(by_band.locator("tbody tr").first).to_contain_text(t("under 10,000 people"))
    expect(by_band.locator("tbody tr").first).to_contain_text("100 %")
    expect(report.locator("ul.uncovered li")).to_contain_text("Лиманська")
    proposals = page.locator("section[aria-labelledby=proposals-heading] ol > li")
    expect(proposals).to_have_count(1)
    expect(proposals.first).to_contain_text("Вільшанська")
    page.screenshot(path=str(artifacts_dir() / "allocation-round.png"), full_page=True)
    assert_accessible(page)
    page.get_by_role("button", name=t("Publish the proposals")).click()
    expect(page.locator(".messages")).to_contain_text(
        t("The round is published: both sides now see their proposals.")
    )
    page.locator("header").get_by_role("button", name=t("Sign out")).click()

    sign_in(page, live_server, VILLAGE_EDITOR)
    page.locator("header").get_by_role("link", name=t("Proposals")).click()
    mine = page.locator("section[aria-labelledby=proposals-heading] ul.proposal-list > li")
    expect(mine).to_have_count(1)
    expect(mine.first.get_by_role("heading", level=3)).to_have_text("Plungė")
    expect(mine.first.locator("ul.reasons li").first).to_contain_text(
        t("Shared sector: %(sectors)s").split(":")[0]
    )
    assert_accessible(page)
    mine.first.get_by_role("button", name=t("Accept")).click()
    expect(page.locator(".messages")).to_contain_text(t("Your answer is recorded."))
    assert errors.messages == []
