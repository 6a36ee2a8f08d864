"""Helpers for the browser tests: Debian's chromium driven by Playwright, and axe-core checks.

Every app's browser tests use the same launch options and the same accessibility bar, so
both live here. Nothing in this module runs in production.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)

REPO_ROOT = Path(__file__).resolve().parent.parent

# Debian's package, installed by `make test` (system-deps); Playwright's own download is never used.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# axe-core comes from the npm registry through `npm ci` (`make assets`).
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_RUN = "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
EXPECT_TIMEOUT_MS = 20_000


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """Debian's headless chromium under Playwright; closed, with Playwright, on exit.

    Playwright's sync API runs an asyncio event loop in this thread (in a greenlet) for as
    long as it is started. Django sees that running loop and refuses database work from
    the same thread with SynchronousOnlyOperation — including the test's own fixtures and
    the transactional flush after each test. The test thread never runs coroutines itself,
    so Django's check is a false alarm here: DJANGO_ALLOW_ASYNC_UNSAFE switches it off while
    the browser is up, and the previous value is restored afterwards.
    """
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Run `make test` as root (or `sudo apt-get install -y chromium`).",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # Pages that run the solver or the embedding model take seconds on a busy two-core
        # machine: Playwright's 5 s default turns load into flaky failures.
        expect.set_options(timeout=EXPECT_TIMEOUT_MS)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()


class PageErrors:
    """Console errors and uncaught exceptions seen by a page, collected as they happen."""

    def __init__(self, page: Page) -> None:
        self.messages: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            url = message.location.get("url", "")
            self.messages.append(f"console error at {url}: {message.text}")

    def _page_error(self, error: Exception) -> None:
        self.messages.append(f"uncaught exception: {error}")

    @property
    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]


def axe_results(page: Page) -> dict[str, Any]:
    """axe-core's full report on the page as it is now: violations, incomplete, passes.

    The site forbids inline scripts, so the page's browser context must be created with
    ``bypass_csp=True`` for axe to be injected.
    """
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make assets` (npm ci).", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    results: dict[str, Any] = page.evaluate(AXE_RUN, AXE_TAGS)
    return results


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule (violated or to review): impact, id, help and the selectors."""
    lines = []
    for violation in violations:
        targets = ", ".join(
            " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
        )
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']}\n"
            f"    {violation['helpUrl']}\n    targets: {targets}"
        )
    return "\n".join(lines)


def assert_accessible(page: Page) -> dict[str, Any]:
    """Fail on serious or critical axe violations; return axe's full report for the rest."""
    results = axe_results(page)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"axe-core found serious accessibility problems on {page.url}:\n"
        + describe_violations(blocking)
    )
    return results


def artifacts_dir() -> Path:
    """The git-ignored folder where browser tests leave screenshots for humans to look at."""
    folder = Path(os.environ.get("POBRATYM_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- shared by the browser tests of every app ------------------------------------------------

# The interface language of the browser tests: the platform's default.
TEST_LANGUAGE = "uk"


def interface_text(text: str, language: str = TEST_LANGUAGE) -> str:
    """An interface text as the server shows it in that language, compiled catalogue or not."""
    with translation.override(language):
        return translation.gettext(text)


def field_label(text: str, language: str = TEST_LANGUAGE) -> re.Pattern[str]:
    """A field's label exactly, followed or not by the required mark (an aria-hidden "*")."""
    return re.compile(rf"^\s*{re.escape(interface_text(text, language))}(\s*\*)?\s*$")


def authenticator_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def sign_in(
    page: Page, base_url: str, email: str, password: str, device: TOTPDevice | None = None
) -> None:
    """Sign in through the sign-in page, with the second step when a device is given."""
    page.goto(base_url + reverse("accounts:login"))
    page.get_by_label(field_label("E-mail address")).fill(email)
    page.get_by_label(field_label("Password")).fill(password)
    page.locator("main form button[type=submit]").click()
    if device is not None:
        page.get_by_label(field_label("Code from your authenticator app")).fill(
            authenticator_code(device)
        )
        page.locator("main form button[type=submit]").click()
    # Signed in, the site speaks the language saved in the person's account.
    language = get_user_model().objects.get(email=email).language or TEST_LANGUAGE
    expect(
        page.locator("header").get_by_role("button", name=interface_text("Sign out", language))
    ).to_be_visible()


def axe_ready_context(browser: Browser) -> BrowserContext:
    """A Ukrainian browser context that lets axe be injected: the site's Content-Security-Policy
    refuses injected scripts, so this context bypasses it (the CSP itself is tested apart)."""
    return browser.new_context(locale="uk-UA", bypass_csp=True)
