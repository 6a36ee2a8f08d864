"""Joining in a real browser: sign-up, confirmation, claim, verification, then editing.

Debian's chromium, driven by Playwright, against pytest-django's live server (same process:
the locmem outbox and the settings fixture reach it). The newcomer's browser context enforces
the site's Content-Security-Policy, as a visitor's does; axe-core is a script the policy rightly
forbids, so each accessibility check runs in a twin context that bypasses the policy and
carries the same cookies (the same session).

The context asks for English (locale en-US). Interface texts in the assertions go through the
English catalogue (t()), as the server renders them, so a catalogue being edited changes no
assertion; the checks rest on structure, addresses, names and data.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pobratym.accounts.enums import MembershipState, Role
from pobratym.accounts.models import OrganisationMembership, User
from pobratym.accounts.tests.factories import PASSWORD, UserFactory, facilitator_of
from pobratym.browser_testing import (
    PageErrors,
    artifacts_dir,
    assert_accessible,
    authenticator_code,
    chromium_browser,
    describe_violations,
    field_label,
    interface_text,
)
from pobratym.directory.models import Association, Authority, Contact
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.browser

LOCALE = "en-US"
NEWCOMER_EMAIL = "olena.shevchuk@korosten-rada.example"
NEWCOMER_PASSWORD = "vodohin-i-shkoly-2026"
CONTACT_NAME = "Ірина Мельник"
WEBSITE = "https://korosten-rada.example.org/"
KOROSTEN_EN = "Korostenska city hromada"  # its display name in English
# An apostrophe, as in many Ukrainian words: e-mails are plain text and must not escape it.
NOTE = "Начальниця відділу міжнародної співпраці. Зв'язок: приймальня міського голови."
ABOUT = "Коростенська громада шукає партнерів для відбудови водогону та шкіл."


@dataclass
class Joining:
    korosten: Authority
    auc: Association
    facilitator: User
    device: TOTPDevice
    contact: Contact


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def joining(transactional_db, live_server, settings) -> Joining:
    """Korosten, a member of AUC; AUC's facilitator with an authenticator; one contact person.

    Committed (transactional_db) so that the live server's thread sees it; e-mailed links
    point at the live server.
    """
    settings.SITE_URL = live_server.url
    korosten = AuthorityFactory()
    auc = AssociationFactory(
        slug="auc",
        kind="national_association",
        name="Асоціація міст України",
        name_uk="Асоціація міст України",
        name_en="Association of Ukrainian Cities",
    )
    MembershipFactory(association=auc, authority=korosten)
    facilitator = facilitator_of(
        auc,
        email="andrii.facilitator@auc.example",
        first_name="Андрій",
        last_name="Бондар",
        language="en",  # the pages follow a signed-in person's language; this test reads English
    )
    device = TOTPDevice.objects.create(user=facilitator, name="Phone", confirmed=True)
    contact = Contact.objects.create(
        authority=korosten,
        name=CONTACT_NAME,
        position="Відділ міжнародного співробітництва",
        email="partnerships@korosten-rada.example",
        languages="uk, en",
        consented_at=timezone.now(),
    )
    return Joining(korosten, auc, facilitator, device, contact)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """The newcomer's browser: English, and the site's Content-Security-Policy enforced."""
    strict = browser.new_context(locale=LOCALE)
    yield strict
    strict.close()


def t(text: str) -> str:
    """The interface text as the server shows it in English, whatever the catalogue holds."""
    return interface_text(text, "en")


def label(text: str) -> re.Pattern[str]:
    return field_label(text, "en")


def url_of(live_server: Any, view: str, *args: object) -> str:
    return live_server.url + reverse(view, args=args)


def submit(page: Page) -> None:
    """Click the main form's submit button (the header holds the language and sign-out forms)."""
    page.locator("main form button[type=submit]").click()


def messages_to(outbox: list[EmailMessage], email: str) -> list[EmailMessage]:
    return [message for message in outbox if message.to == [email]]


def fill_sign_up(page: Page, *, email: str, password_again: str = NEWCOMER_PASSWORD) -> None:
    page.get_by_label(label("Work e-mail address")).fill(email)
    page.get_by_label(label("First name")).fill("Олена")
    page.get_by_label(label("Last name")).fill("Шевчук")
    page.get_by_label(label("Password")).fill(NEWCOMER_PASSWORD)
    page.get_by_label(label("Password again")).fill(password_again)
    # The newcomer reads English, and keeps it: once signed in, pages are in their language.
    page.get_by_label(label("Your language")).select_option("en")


def expect_announced_error(page: Page, field_id: str) -> None:
    """The field is marked invalid and described by its error, which is an alert."""
    field = page.locator(f"#{field_id}")
    error = page.locator(f"#{field_id}_error")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(rf"\b{field_id}_error\b"))
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")


def submit_mismatching_passwords(page: Page) -> None:
    fill_sign_up(page, email=NEWCOMER_EMAIL, password_again="another passphrase 2026")
    submit(page)
    expect_announced_error(page, "id_password_again")


class AxeChecks:
    """axe-core in a twin context: the same cookies as the page's, the policy bypassed."""

    def __init__(self, browser: Browser, errors: list[PageErrors]) -> None:
        self.browser = browser
        self.errors = errors
        self.checked: list[str] = []

    def check(
        self, page: Page, name: str, *, redo: Callable[[Page], None] | None = None
    ) -> dict[str, Any]:
        """Open the page's address in the twin (then `redo` there, for a POST) and run axe.

        Serious and critical violations fail; the rest, and what axe could not decide, are printed.
        """
        twin_context = self.browser.new_context(
            locale=LOCALE, bypass_csp=True, storage_state=page.context.storage_state()
        )
        try:
            twin = twin_context.new_page()
            self.errors.append(PageErrors(twin))
            response = twin.goto(page.url)
            assert response is not None and response.ok, f"{name}: {page.url} is not a page"
            if redo is not None:
                redo(twin)
            results = assert_accessible(twin)
        finally:
            twin_context.close()
        self.checked.append(name)
        for kind in ("violations", "incomplete"):
            if results[kind]:
                report = describe_violations(results[kind])
                print(f"\naxe-core {kind} on the {name} page ({page.url}):\n{report}")
        return results


def test_a_newcomer_joins_claims_korosten_and_edits_it_once_verified(
    joining: Joining, live_server, browser: Browser, context: BrowserContext, mailoutbox
):
    korosten, facilitator = joining.korosten, joining.facilitator
    profile_url = live_server.url + korosten.get_absolute_url()
    edit_url = url_of(live_server, "directory:authority_edit", korosten.pk)
    page = context.new_page()
    errors = [PageErrors(page)]
    axe = AxeChecks(browser, errors)

    # The header's "Join" link leads to the sign-up form.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("header").get_by_role("link", name=t("Join"), exact=True).click()
    expect(page).to_have_url(url_of(live_server, "accounts:sign_up"))
    axe.check(page, "sign-up")

    # Mismatching passwords: the error is announced and tied to its field; values stay.
    submit_mismatching_passwords(page)
    expect(page.locator("#id_password_again_error")).to_have_text(t("The two passwords differ."))
    expect(page.get_by_label(label("Work e-mail address"))).to_have_value(NEWCOMER_EMAIL)
    expect(page.get_by_label(label("Password"))).to_have_value("")
    page.screenshot(path=artifacts_dir() / "joining-sign-up-errors.png", full_page=True)
    axe.check(page, "sign-up with errors", redo=submit_mismatching_passwords)
    assert not User.objects.filter(email=NEWCOMER_EMAIL).exists()

    # A valid submission: "check your inbox", and the confirmation link in the inbox.
    fill_sign_up(page, email=NEWCOMER_EMAIL)
    submit(page)
    expect(page).to_have_url(url_of(live_server, "accounts:sign_up_sent"))
    expect(page.locator("h1")).to_have_text(t("Check your inbox"))
    newcomer = User.objects.get(email=NEWCOMER_EMAIL)
    assert not newcomer.is_active and newcomer.email_confirmed_at is None
    assert (newcomer.first_name, newcomer.last_name, newcomer.language) == ("Олена", "Шевчук", "en")
    [confirmation] = messages_to(mailoutbox, NEWCOMER_EMAIL)
    links = re.findall(
        re.escape(live_server.url) + r"/accounts/confirm/[^/\s]+/", confirmation.body
    )
    assert len(links) == 1, confirmation.body

    # The link signs the newcomer in and leads to the claim page.
    page.goto(links[0])
    expect(page).to_have_url(url_of(live_server, "accounts:claim"))
    expect(page.locator("main .messages")).to_contain_text(
        t("Your e-mail address is confirmed. Now claim your organisation.")
    )
    expect(page.locator("header").get_by_role("link", name=t("My account"))).to_be_visible()
    newcomer.refresh_from_db()
    assert newcomer.is_active and newcomer.email_confirmed_at is not None

    # Korosten, searched in Cyrillic by its centre, is claimed with a note.
    page.get_by_label(label("Name of your hromada, municipality, region or association")).fill(
        "Коростень"
    )
    page.locator("main form[method=get] button[type=submit]").click()
    expect(page).to_have_url(
        url_of(live_server, "accounts:claim") + "?q=" + quote("Коростень", safe="")
    )
    results = page.locator("main ul.claim-results > li")
    expect(results).to_have_count(1)
    expect(results.first.locator("strong")).to_have_text(KOROSTEN_EN)
    results.first.get_by_label(
        label("Your position, and how the organisation can confirm it")
    ).fill(NOTE)
    page.screenshot(path=artifacts_dir() / "joining-claim.png", full_page=True)
    axe.check(page, "claim with results")
    results.first.get_by_role("button", name=t("Claim %(name)s") % {"name": KOROSTEN_EN}).click()

    # The success message, and on "My account" the claim waiting for verification.
    expect(page).to_have_url(url_of(live_server, "accounts:home"))
    expect(page.locator("main .messages")).to_contain_text(KOROSTEN_EN)
    organisations = page.locator("main section[aria-labelledby=organisations-heading] li")
    expect(organisations).to_have_count(1)
    expect(organisations.first).to_contain_text(t("waiting for verification"))
    expect(organisations.first.get_by_role("link", name=KOROSTEN_EN)).to_have_attribute(
        "href", korosten.get_absolute_url()
    )
    page.screenshot(path=artifacts_dir() / "joining-home-pending.png", full_page=True)
    claim = OrganisationMembership.objects.get(user=newcomer, authority=korosten)
    assert (claim.state, claim.role, claim.claim_note) == (
        MembershipState.PENDING,
        Role.EDITOR,
        NOTE,
    )

    # AUC's facilitator was told, with the link to the claims to verify.
    [told] = messages_to(mailoutbox, facilitator.email)
    assert NEWCOMER_EMAIL in told.body
    assert url_of(live_server, "accounts:verifications") in told.body

    # A pending claim grants nothing: no editing, no contact persons.
    response = page.goto(edit_url)
    assert response is not None and response.status == 403
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main form[method=post]")).to_have_count(0)
    page.goto(profile_url)
    expect(page.locator("main h1")).to_have_text(KOROSTEN_EN)
    expect(page.get_by_text(CONTACT_NAME)).to_have_count(0)
    expect(
        page.locator(f"main a[href='{reverse('directory:authority_edit', args=[korosten.pk])}']")
    ).to_have_count(0)

    # The newcomer signs out; the facilitator signs in with password and code.
    page.locator("header").get_by_role("button", name=t("Sign out")).click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("header").get_by_role("link", name=t("Join"), exact=True)).to_be_visible()
    page.locator("header").get_by_role("link", name=t("Sign in"), exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(url_of(live_server, "accounts:login"))))
    axe.check(page, "sign-in")
    page.get_by_label(label("E-mail address")).fill(facilitator.email)
    page.get_by_label(label("Password")).fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(url_of(live_server, "accounts:login_otp"))
    axe.check(page, "sign-in code")
    page.get_by_label(label("Code from your authenticator app")).fill(
        authenticator_code(joining.device)
    )
    submit(page)
    expect(page).to_have_url(url_of(live_server, "accounts:home"))

    # "Claims to verify": the newcomer's claim, with the note; the facilitator verifies it.
    page.locator(f"main a[href='{reverse('accounts:verifications')}']").click()
    expect(page).to_have_url(url_of(live_server, "accounts:verifications"))
    expect(page.locator("main h1")).to_have_text(t("Claims to verify"))
    claims = page.locator("main ul.decision-list > li")
    expect(claims).to_have_count(1)
    expect(claims.first).to_contain_text(NEWCOMER_EMAIL)
    expect(claims.first).to_contain_text("Олена Шевчук")
    expect(claims.first).to_contain_text(NOTE)
    expect(claims.first.get_by_role("link", name=KOROSTEN_EN)).to_be_visible()
    page.screenshot(path=artifacts_dir() / "joining-verifications.png", full_page=True)
    axe.check(page, "claims to verify")
    claims.first.get_by_label(label("Note to the applicant (optional)")).fill(
        "Confirmed by phone with the mayor's office."
    )
    claims.first.get_by_role("button", name=t("Verify")).click()
    expect(page).to_have_url(url_of(live_server, "accounts:verifications"))
    expect(page.locator("main .messages")).to_contain_text(t("Decision recorded."))
    expect(page.locator("main ul.decision-list > li")).to_have_count(0)
    claim.refresh_from_db()
    assert claim.state == MembershipState.VERIFIED and claim.decided_by == facilitator
    [decision] = messages_to(mailoutbox, NEWCOMER_EMAIL)[1:]
    assert url_of(live_server, "accounts:home") in decision.body
    page.locator("header").get_by_role("button", name=t("Sign out")).click()
    expect(
        page.locator("header").get_by_role("link", name=t("Sign in"), exact=True)
    ).to_be_visible()

    # The newcomer signs in again (no second factor for an editor) and is verified.
    page.goto(url_of(live_server, "accounts:login"))
    page.get_by_label(label("E-mail address")).fill(NEWCOMER_EMAIL)
    page.get_by_label(label("Password")).fill(NEWCOMER_PASSWORD)
    submit(page)
    expect(page).to_have_url(url_of(live_server, "accounts:home"))
    expect(page.locator("main section[aria-labelledby=organisations-heading] li")).to_contain_text(
        t("verified")
    )

    # Now the contact persons show, and the profile can be edited.
    page.goto(profile_url)
    expect(page.locator("main section[aria-labelledby=contacts-heading]")).to_contain_text(
        CONTACT_NAME
    )
    page.locator("main").get_by_role("link", name=t("Edit the profile")).click()
    expect(page).to_have_url(edit_url)
    axe.check(page, "profile edit")
    page.get_by_label(label("Website")).fill(WEBSITE)
    page.get_by_label(label("About")).fill(ABOUT)
    page.get_by_label(label("Language of the description")).select_option("uk")
    submit(page)
    expect(page).to_have_url(profile_url)
    expect(page.locator("main .messages")).to_contain_text(t("The profile is saved."))
    about = page.locator("main section[aria-labelledby=about-heading] p")
    expect(about).to_have_text(ABOUT)
    expect(about).to_have_attribute("lang", "uk")
    expect(page.locator(f"main a[href='{WEBSITE}']")).to_be_visible()
    page.screenshot(path=artifacts_dir() / "joining-profile-edited.png", full_page=True)
    korosten.refresh_from_db()
    assert (korosten.website, korosten.description) == (WEBSITE, ABOUT)

    assert axe.checked == [
        "sign-up",
        "sign-up with errors",
        "claim with results",
        "sign-in",
        "sign-in code",
        "claims to verify",
        "profile edit",
    ]
    # The e-mails are plain text: the note reaches the facilitator as typed, not HTML-escaped.
    assert NOTE in told.body, f"the claim e-mail mangles the note:\n{told.body}"
    # Chromium logs the refused edit page (403) as a failed load: that one is expected.
    seen = [message for collected in errors for message in collected.messages]
    unexpected = [m for m in seen if not (edit_url in m and "403" in m)]
    assert not unexpected, "\n".join(unexpected)
    page.close()


def test_signing_up_with_a_registered_address_looks_like_any_sign_up_and_tells_the_owner(
    joining: Joining, live_server, context: BrowserContext, mailoutbox
):
    """The page must not tell whether an address has an account; its owner learns by e-mail."""
    owner = UserFactory(email=NEWCOMER_EMAIL, language="en", first_name="Olena")
    page = context.new_page()
    errors = PageErrors(page)
    page.goto(url_of(live_server, "accounts:sign_up"))

    fill_sign_up(page, email=NEWCOMER_EMAIL.upper())
    submit(page)

    expect(page).to_have_url(url_of(live_server, "accounts:sign_up_sent"))
    expect(page.locator("h1")).to_have_text(t("Check your inbox"))
    expect(page.locator("main p")).to_have_text(
        t(
            "We sent a message to the address you gave. Open the link in it to confirm the "
            "address; the link is valid for three days. If the address already has an account, "
            "the message says how to sign in instead."
        )
    )
    page.screenshot(path=artifacts_dir() / "joining-sign-up-registered.png", full_page=True)
    assert User.objects.filter(email__iexact=NEWCOMER_EMAIL).count() == 1
    assert User.objects.get(pk=owner.pk).check_password(PASSWORD)
    [notice] = messages_to(mailoutbox, NEWCOMER_EMAIL)
    assert notice.subject == t("Someone tried to join Pobratym with your e-mail address")
    assert live_server.url + reverse("accounts:login") in notice.body
    assert live_server.url + reverse("accounts:password_reset") in notice.body
    assert not errors.messages, "\n".join(errors.messages)
    page.close()
