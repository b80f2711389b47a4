"""Headless Chromium (Debian's, never a downloaded browser) driven by Playwright against a live server.

Without /usr/bin/chromium these tests are skipped with the reason shown; with
``REQUIRE_BROWSER=1`` (CI sets it) a missing browser is a failure instead.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

# Debian's Chromium; CHROMIUM_PATH only exists to check the skip/fail behaviour by hand.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _require_chromium():
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"Chromium not found at {CHROMIUM}: browser tests need it (apt-get install chromium)."
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} REQUIRE_BROWSER=1 makes this a failure.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module; Playwright's sync API is stopped at the end of the module."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made here
    # by the tests (loading demo data, creating a user) are still synchronous and safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab; ``page.csp_messages`` collects what the Content Security Policy blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.csp_messages = []
    page.on("console", lambda message: _note_csp_violation(page, message))
    yield page
    context.close()
    # ORM calls made while Playwright runs use a connection of their own (a greenlet's context);
    # close it, or PostgreSQL cannot drop the test database at the end.
    connections.close_all()


def _note_csp_violation(page, message):
    if "Content Security Policy" in message.text:
        page.csp_messages.append(message.text)


@pytest.fixture
def demo_site(live_server):
    """The live server with the demo content loaded; returns its base URL."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return live_server.url


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
