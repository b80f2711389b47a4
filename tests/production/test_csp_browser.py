"""In Chromium: the strict policy blocks nothing the public pages use, and CKEditor works in the admin."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connections

from statements.models import Statement
from tests.factories import make_area, make_notice, make_statement

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page(monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.csp_messages = []
        page.on(
            "console",
            lambda message: (
                page.csp_messages.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        yield page
        browser.close()
        # ORM calls made while Playwright runs use a connection of their own (a greenlet's context);
        # close it, or PostgreSQL cannot drop the test database at the end.
        connections.close_all()


def test_public_pages_break_no_content_security_policy_rule(live_server, browser_page):
    notice = make_notice()
    make_area(notice, detail="<p>Detail with <a href='https://example.org'>a link</a>.</p>")
    statement = make_statement(notice=notice, body="<h2>Heading</h2><ul><li>point</li></ul>")
    for url in [
        "/",
        "/governance/",
        "/governance/transparency/",
        "/governance/transparency/best-value-notices/",
        notice.get_absolute_url(),
        "/governance/transparency/statements/",
        statement.get_absolute_url(),
    ]:
        browser_page.goto(live_server.url + url)
        stylesheet_applied = browser_page.evaluate("document.styleSheets.length")
        assert stylesheet_applied >= 1, url
    assert browser_page.csp_messages == []


def test_ckeditor_works_in_the_admin_under_its_policy(live_server, browser_page):
    User.objects.create_superuser("root", password="a-long-test-password")
    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/statements/statement/add/")
    page.locator(".ck-editor__editable").first.wait_for()
    page.fill("#id_title", "Typed in the browser")
    page.fill("#id_summary", "A summary.")
    page.locator(".ck-editor__editable").first.click()
    page.keyboard.type("Body typed into CKEditor")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/statements/statement/")
    assert "Body typed into CKEditor" in Statement.objects.get(title="Typed in the browser").body
    assert page.csp_messages == []
