"""No main page scrolls sideways, on a phone (390 px) or a laptop (1366 px), in Ukrainian or
English, for a visitor or the secretariat (whose header holds the most items); and the header's
sign-out and language switch stay on screen, on a phone once the menu is opened.

The browser runs with JavaScript off: the menu must open without any script.
Debian's chromium through Playwright: one browser, one context per viewer, pages reused.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pobratym.accounts.tests.factories import PASSWORD, editor_of, secretariat
from pobratym.allocation import services as allocation
from pobratym.browser_testing import artifacts_dir, assert_accessible, interface_text, sign_in
from pobratym.core.audit import audit_record
from pobratym.directory.tests.factories import (
    AssociationFactory,
    MembershipFactory,
)
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services as partnerships

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
PHONE_MENU_BELOW = 768  # px: the width under which the header folds into a menu (site.css)
HEIGHT = 844
LANGUAGES = ("uk", "en")
SECRETARIAT = "sofia@secretariat.example"
# Long words and addresses are what push a page sideways.
LONG_ADDRESS = (
    "https://korosten.example/dokumenty/2025/generatory-dlia-miskoi-likarni-"
    "tekhnichna-spetsyfikatsiia-povna-versiia.pdf"
)


@dataclass
class Scene:
    public: dict[str, str]  # page name -> path, for everyone
    signed_in: dict[str, str] = field(default_factory=dict)  # for the secretariat too
    device: TOTPDevice | None = None


@pytest.fixture
def scene(transactional_db, small_directory, live_server, settings) -> Scene:
    """The small directory; Korosten and Bourges with a need, an offer, a partnership and a
    round between them; AUC with Korosten as member; the secretariat with a second factor; an
    audit entry with long values. Committed, so the live server sees it."""
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"
    korosten, bourges = small_directory["korosten"], small_directory["bourges"]
    korosten.website = LONG_ADDRESS
    korosten.save(update_fields=["website"])
    auc = AssociationFactory(
        slug="auc",
        kind="national_association",
        name="Асоціація міст України",
        name_uk="Асоціація міст України",
        name_en="Association of Ukrainian Cities",
    )
    MembershipFactory(association=auc, authority=korosten)
    staff = secretariat(email=SECRETARIAT)
    device = TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
    korosten_editor = editor_of(korosten)
    need = publish_need(
        korosten,
        korosten_editor,
        description=f"Генератори для міської лікарні. Специфікація: {LONG_ADDRESS}",
    )
    offer = publish_offer(
        bourges, editor_of(bourges), title="Groupes électrogènes", sectors=["energy.generators"]
    )
    partnership = partnerships.partnership_express_interest(
        from_organisation=korosten, to_organisation=bourges, offer=offer, actor=korosten_editor
    ).partnership
    # Any fit counts: the round proposes Bourges to Korosten, so the review page and the
    # removal's confirmation have a proposal to lay out.
    allocation_round = allocation.round_run(
        title="Генератори на зиму", association=None, min_score=-2.0, actor=staff
    )
    audit_record(
        actor=staff,
        verb="authority.profile_updated",
        target=korosten,
        changes={"website": ["https://korosten.example", LONG_ADDRESS]},
    )
    return Scene(
        public={
            "home": reverse("home"),
            "directory": reverse("directory:list"),
            "hromada profile": korosten.get_absolute_url(),
            "municipality profile": bourges.get_absolute_url(),
            "associations": reverse("directory:associations"),
            "association profile": reverse("directory:association", args=[auc.slug]),
            "needs": reverse("exchange:needs"),
            "need": need.get_absolute_url(),
            "offers": reverse("exchange:offers"),
            "offer": offer.get_absolute_url(),
            "partnerships": reverse("partnerships:list"),
            "search": reverse("search:search") + "?q=генератори",
            "sign-in": reverse("accounts:login"),
            "sign-up": reverse("accounts:sign_up"),
        },
        signed_in={
            "partnership": reverse("partnerships:detail", args=[partnership.pk]),
            "partner proposals": reverse("allocation:home"),
            "new round": reverse("allocation:round_create"),
            "round": reverse("allocation:round", args=[allocation_round.pk]),
            "publish a round": reverse("allocation:round_publish", args=[allocation_round.pk]),
            "remove a proposal": reverse(
                "allocation:proposal_remove", args=[allocation_round.proposals.get().pk]
            ),
            "my account": reverse("accounts:home"),
            "verifications": reverse("accounts:verifications"),
            "two-step sign-in": reverse("accounts:two_factor_setup"),
            "audit": reverse("core:audit"),
            "write through the platform": reverse(
                "accounts:write", args=["authority", korosten.pk]
            ),
        },
        device=device,
    )


# The page's width, and the innermost elements that reach past the viewport's right edge
# (outside any box that scrolls by itself), to name the culprit in a failure.
_WIDTHS = """() => {
  const viewport = document.documentElement.clientWidth;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const past = [...document.body.querySelectorAll("*")].filter((el) => {
    if (el.getBoundingClientRect().right <= viewport + 0.5) return false;
    for (let up = el.parentElement; up; up = up.parentElement) if (scrolls(up)) return false;
    return ![...el.children].some((c) => c.getBoundingClientRect().right > viewport + 0.5);
  });
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
  return {content: document.documentElement.scrollWidth, viewport,
          culprits: past.slice(0, 3).map((el) => name(el) + ": " + el.textContent.trim().slice(0, 40))};
}"""


def _overflow(page: Page) -> str | None:
    """What sticks out sideways on the page as it is now, or None."""
    widths = page.evaluate(_WIDTHS)
    if widths["content"] > widths["viewport"]:
        return (
            f"the page is {widths['content']} px wide in a {widths['viewport']} px viewport; "
            f"past its edge: {widths['culprits']}"
        )
    return None


def _header_items_off_screen(page: Page, language: str, signed_in: bool) -> list[str]:
    """The header's account and language items that are hidden or not wholly on screen; on a
    phone, once the folded menu is opened (and a complaint if it was not folded)."""
    viewport = page.evaluate("() => document.documentElement.clientWidth")
    other = "en" if language == "uk" else "uk"
    items = {
        "language switch": page.locator(f"header button[name=language][value={other}]"),
        "sign-in or sign-out": page.locator("header").get_by_role(
            "button" if signed_in else "link",
            name=interface_text("Sign out" if signed_in else "Sign in", language),
        ),
    }
    off = []
    toggle = page.locator("header label.menu-button")
    if viewport < PHONE_MENU_BELOW:
        if not toggle.is_visible():
            return ["a phone gets no menu button"]
        off += [
            f"the {name} shows before the menu is opened"
            for name, item in items.items()
            if item.is_visible()
        ]
        toggle.click()
    elif toggle.is_visible():
        off.append("a laptop gets the phone's menu button")
    for name, locator in items.items():
        box = locator.bounding_box() if locator.is_visible() else None
        if box is None or box["x"] < 0 or box["x"] + box["width"] > viewport:
            off.append(f"the {name} is not on screen ({box})")
    return off


def _tables_cut_off(page: Page) -> list[str]:
    """On a laptop, the tables that do not fit their box (a column you must scroll to see)."""
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.table-scroll')]"
        ".map((box) => [box.scrollWidth, box.clientWidth])"
    )
    return [f"a table is {wide} px wide in a {box} px box" for wide, box in widths if wide > box]


def _measure(page: Page, base_url: str, pages: dict[str, str], signed_in: bool) -> list[str]:
    problems = []
    for language in LANGUAGES:
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
        )
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for name, path in pages.items():
                response = page.goto(base_url + path)
                assert response is not None and response.ok, f"{name}: {response}"
                assert page.locator("html").get_attribute("lang") == language
                found = [
                    _overflow(page),
                    *(_tables_cut_off(page) if width >= PHONE_MENU_BELOW else []),
                    *_header_items_off_screen(page, language, signed_in),
                ]
                found = [problem for problem in found if problem]
                if found:
                    shot = f"width-{name.replace(' ', '-')}-{language}-{width}.png"
                    page.screenshot(path=artifacts_dir() / shot, full_page=True)
                    problems += [f"{name} ({language}, {width} px): {p}" for p in found]
    return problems


def test_no_main_page_scrolls_sideways_and_the_header_fits(
    scene: Scene, live_server, browser: Browser
):
    problems = []
    visitor = browser.new_context(locale="uk-UA", java_script_enabled=False)
    problems += _measure(visitor.new_page(), live_server.url, scene.public, signed_in=False)
    visitor.close()

    staff = browser.new_context(locale="uk-UA", java_script_enabled=False)
    page = staff.new_page()
    page.set_viewport_size({"width": 1366, "height": HEIGHT})
    sign_in(page, live_server.url, SECRETARIAT, PASSWORD, scene.device)
    pages = {**scene.public, **scene.signed_in}
    del pages["sign-in"], pages["sign-up"]  # a signed-in person is sent on from these
    problems += _measure(page, live_server.url, pages, signed_in=True)
    staff.close()

    assert problems == [], "\n".join(problems)


def test_the_phone_menu_opens_from_the_keyboard_and_passes_axe(
    transactional_db, live_server, axe_context: BrowserContext
):
    page = axe_context.new_page()
    page.set_viewport_size({"width": 390, "height": HEIGHT})
    page.goto(live_server.url + reverse("home"))
    directory = page.locator("header").get_by_role(
        "link", name=interface_text("Directory"), exact=True
    )
    expect(directory).to_be_hidden()
    assert_accessible(page)

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # the menu's switch
    page.keyboard.press("Space")

    expect(directory).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Space")
    expect(directory).to_be_hidden()
