"""Writing through the platform in a real browser: a member of an unrelated organisation sees
no contact persons on a profile, follows "Write through the platform", sends a message, and
the organisation's member receives it; the pages pass axe at phone and desktop widths."""

from collections.abc import Iterator

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, expect

from pobratym.accounts.tests.factories import PASSWORD, editor_of
from pobratym.browser_testing import (
    assert_accessible,
    axe_ready_context,
    chromium_browser,
    field_label,
    interface_text,
    sign_in,
)
from pobratym.directory.models import Contact

pytestmark = pytest.mark.browser

CONTACT_EMAIL = "iryna.shevchuk@korosten.example"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as launched:
        yield launched


@pytest.mark.parametrize("width", [390, 1366])
def test_a_stranger_writes_through_the_platform_instead_of_seeing_contacts(
    browser, transactional_db, small_directory, live_server, settings, width
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    korosten, bourges = small_directory["korosten"], small_directory["bourges"]
    Contact.objects.create(
        authority=korosten, name="Ірина Шевчук", email=CONTACT_EMAIL, consented_at=timezone.now()
    )
    editor_of(korosten, email="olena@korosten.example")
    writer = editor_of(bourges, email="claire@bourges.example", language="en")
    context = axe_ready_context(browser)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 844})
    try:
        sign_in(page, live_server.url, writer.email, PASSWORD)  # the header is open when wide
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(live_server.url + korosten.get_absolute_url())
        contacts = page.locator("section[aria-labelledby=contacts-heading]")
        expect(contacts).not_to_contain_text(CONTACT_EMAIL)
        assert_accessible(page)

        contacts.get_by_role(
            "link", name=interface_text("Write through the platform", "en")
        ).click()
        assert_accessible(page)
        page.get_by_label(field_label("Subject", "en")).fill("Water pumps")
        page.get_by_label(field_label("Your message", "en")).fill("We could lend two pumps.")
        page.get_by_role("button", name=interface_text("Send the message", "en")).click()

        page.wait_for_url(live_server.url + korosten.get_absolute_url())
        expect(page.get_by_role("main")).to_contain_text("Your message was sent to 1 member")
        width_of_page = page.evaluate("document.documentElement.scrollWidth")
        assert width_of_page <= width
    finally:
        context.close()
    [sent] = mail.outbox
    assert sent.to == ["olena@korosten.example"]
    assert "We could lend two pumps." in sent.body
