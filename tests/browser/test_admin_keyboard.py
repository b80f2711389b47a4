"""Officers write, send for review and publish a statement in the admin with the keyboard alone."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from statements.models import Statement
from tests.factories import make_notice
from tests.officers import make_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # tests.officers.make_officer's

# What the focused element is, and whether its focus can be seen: an outline or a shadow drawn
# around it, or (CKEditor's toolbar buttons) a focus state of its own.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadowed = style.boxShadow !== "none";
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name") || el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40),
    visible: outlined || shadowed,
  };
}"""


def sign_in(page, base_url, role, path):
    make_officer(role)
    page.goto(f"{base_url}{reverse('admin:login')}?next={path}")
    page.fill("#id_username", role.lower())
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}{path}")


def focus_is_on(page, matches):
    return page.evaluate("(selector) => document.activeElement.matches(selector)", matches)


def tab_to(page, matches, limit=80):
    """Press Tab until the focused element matches the CSS selector ``matches``; every stop shows its focus."""
    for _ in range(limit):
        if focus_is_on(page, matches):
            return
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        # Past the last control, focus leaves the page for the browser's own controls (the body).
        assert focused["visible"] or focused["tag"] == "body", f"focus is not visible on {focused}"
    raise AssertionError(f"Tab never reached {matches}")


def tab_to_button(page, label):
    """Tab to the submit button whose visible label matches ``label`` (a regular expression)."""
    button = page.get_by_role("button", name=label).first
    button_id = button.evaluate("el => el.id || (el.id = 'keyboard-test-target')")
    return tab_to(page, f"#{button_id}")


def write_statement(page):
    """From the top of the add form, fill in every part of a statement by keyboard, in tab order."""
    page.locator(".ck-editor__editable").first.wait_for()
    tab_to(page, "#id_title")  # the admin puts the focus there when the add form opens
    page.keyboard.type("Keyboard progress report")
    tab_to(page, "#id_summary")
    page.keyboard.type("What the Combined Authority did this month.")

    # The rich text editor: type, then reach its toolbar with Alt+F10 and make text bold.
    tab_to(page, ".ck-editor__editable")
    page.keyboard.type("We have made ")
    page.keyboard.press("Alt+F10")
    for _ in range(15):
        if page.evaluate("document.activeElement.textContent.trim()") == "Bold":
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.closest('.ck-toolbar') !== null")
    page.keyboard.press("Enter")
    page.keyboard.type("real progress")

    # The autocomplete box for the notice: open it, search, choose.
    tab_to(page, ".select2-selection")
    page.keyboard.press("Enter")
    # Select2 moves the focus to its search box once the dropdown has opened, a moment later.
    page.wait_for_function("document.activeElement.getAttribute('aria-label') === 'Search: Responds to notice'")
    page.keyboard.type("Revised")
    page.locator(".select2-results__option", has_text="Revised").first.wait_for()
    page.keyboard.press("Enter")
    expect(page.locator(".select2-selection__rendered").first).to_contain_text("Revised")

    # The date and time: empty each box, then fill it with the "Today" and "Now" shortcuts.
    tab_to(page, "#id_published_at_0")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    tab_to(page, ".datetimeshortcuts a:first-child")
    page.keyboard.press("Enter")
    assert page.input_value("#id_published_at_0") == timezone.localdate().strftime("%d/%m/%Y")
    tab_to(page, "#id_published_at_1")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    tab_to(page, "#id_published_at_1 ~ .datetimeshortcuts a:first-child")
    page.keyboard.press("Enter")
    assert re.fullmatch(r"\d\d:\d\d(:\d\d)?", page.input_value("#id_published_at_1"))


def test_a_publisher_writes_and_publishes_a_statement_with_the_keyboard_alone(page, live_server, artifacts):
    """Tab through the add form, use CKEditor's toolbar and the date shortcuts, and press the publish control."""
    make_notice(title="Revised Best Value Notice", slug="revised")
    sign_in(page, live_server.url, "Publishers", reverse("admin:statements_statement_add"))
    write_statement(page)
    tab_to_button(page, re.compile("publish", re.I))
    page.screenshot(path=str(artifacts / "admin-keyboard-publish.png"), full_page=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("admin:statements_statement_changelist"))

    statement = Statement.objects.get(title="Keyboard progress report")
    assert statement.is_published
    assert statement.notice.slug == "revised"
    assert "<strong>real progress</strong>" in statement.body
    assert timezone.localtime(statement.published_at).date() == timezone.localdate()


def test_an_editor_sends_a_statement_for_review_and_a_publisher_publishes_it_with_the_keyboard_alone(
    browser, page, live_server
):
    """An Editor fills in the form and presses the review control; a Publisher opens the draft and publishes it."""
    make_notice(title="Revised Best Value Notice", slug="revised")
    sign_in(page, live_server.url, "Editors", reverse("admin:statements_statement_add"))
    write_statement(page)
    tab_to_button(page, re.compile("review", re.I))
    page.keyboard.press("Enter")
    page.wait_for_url("**" + reverse("admin:statements_statement_changelist"))
    statement = Statement.objects.get(title="Keyboard progress report")
    assert statement.ready_for_review
    assert not statement.is_published

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    try:
        publisher_page = context.new_page()
        sign_in(
            publisher_page,
            live_server.url,
            "Publishers",
            reverse("admin:statements_statement_change", args=[statement.pk]),
        )
        tab_to_button(publisher_page, re.compile("publish", re.I))
        publisher_page.keyboard.press("Enter")
        publisher_page.wait_for_url("**" + reverse("admin:statements_statement_changelist"))
    finally:
        context.close()
    statement.refresh_from_db()
    assert statement.is_published
    assert not statement.published_without_review
