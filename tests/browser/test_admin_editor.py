"""The notice and statement forms in a real browser: areas reordered on the form, headings that look like headings."""

import re

import pytest
from django.urls import reverse

from notices.models import BestValueNotice
from tests.browser.test_admin_accessibility import assert_no_axe_violations
from tests.factories import make_area, make_notice, make_statement
from tests.helpers import admin_url
from tests.officers import make_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user, next_url):
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**" + next_url)


def test_editor_moves_an_area_up_with_the_keyboard_and_the_saved_order_follows(page, live_server, artifacts):
    """ "Move up" on the third area, pressed from the keyboard, makes it second on the form and once saved."""
    notice = make_notice(is_published=False)
    for position, title in enumerate(["Governance", "Culture", "Finance"], start=1):
        make_area(notice, position=position, title=title)
    editor = make_officer("Editors")
    _sign_in(page, live_server, editor, admin_url(notice, "change"))

    third = page.locator("#improvement_areas-2")
    third.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    status = page.locator(".area-order__status")
    assert status.inner_text() == "“Finance” is now area 2 of 3."
    # Focus stays on the button pressed, which moved with its area.
    assert page.evaluate("document.activeElement.closest('.inline-related').id") == "improvement_areas-2"
    assert page.input_value("#id_improvement_areas-2-position") == "2"
    assert page.input_value("#id_improvement_areas-1-position") == "3"
    page.screenshot(path=str(artifacts / "admin-area-moved-up.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url("**" + admin_url(BestValueNotice))
    assert page.csp_messages == []

    saved = list(notice.improvement_areas.values_list("title", "position"))
    assert saved == [("Governance", 1), ("Finance", 2), ("Culture", 3)]


def _font(page, selector):
    """(font size in px, text-transform, background colour) of the first ``selector``, as drawn."""
    return page.locator(selector).first.evaluate(
        "e => { const s = getComputedStyle(e); return [parseFloat(s.fontSize), s.textTransform, s.backgroundColor]; }"
    )


@pytest.mark.parametrize("where", ["statement body", "improvement area detail"])
def test_headings_in_the_editor_look_like_headings(page, live_server, artifacts, where):
    """In CKEditor, a heading 2 is drawn larger than a heading 3, which is larger than body text, in plain case."""
    rich_text = "<h2>Heading two</h2><h3>Heading three</h3><p>Body text.</p>"
    if where == "statement body":
        record = make_statement(is_published=False, body=rich_text)
        editable = ".field-body .ck-content"
    else:
        record = make_notice(is_published=False)
        make_area(record, position=1, title="Governance", detail=rich_text)
        editable = "#improvement_areas-0 .field-detail .ck-content"
    _sign_in(page, live_server, make_officer("Editors"), admin_url(record, "change"))
    page.locator(f"{editable} h2").first.wait_for()
    h2, h3, p = (_font(page, f"{editable} {tag}") for tag in ("h2", "h3", "p"))
    page.locator(editable).first.screenshot(
        path=str(artifacts / f"admin-editor-headings-{where.replace(' ', '-')}.png")
    )
    assert h2[0] > h3[0] > p[0], (h2, h3, p)
    assert h2[1] == h3[1] == "none", "headings keep the case they were typed in"
    assert h2[2] == "rgba(0, 0, 0, 0)", "a heading is not drawn as the admin's coloured caption bar"
    assert page.csp_messages == []


def test_error_summary_is_focused_and_its_link_takes_the_officer_to_the_change_note(page, live_server, artifacts):
    """A major change saved without a note: the summary at the top has the focus, its link focuses the note, and axe finds nothing."""
    statement = make_statement(title="Our response")
    _sign_in(page, live_server, make_officer("Publishers"), admin_url(statement, "change"))
    page.check("input[name=change_kind][value=major]")
    page.click("input[name=_save]")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.bounding_box()["y"] < 600, "the summary is at the top of the page, not below the form"
    summary.get_by_role("link", name=re.compile("Public change note")).click()
    assert page.evaluate("document.activeElement.id") == "id_change_note"
    page.screenshot(path=str(artifacts / "admin-error-summary.png"), full_page=True)
    assert_no_axe_violations(page, "the statement form with an error")
    assert page.csp_messages == []


def test_an_error_on_the_rich_text_links_to_the_editor_where_it_is_typed(page, live_server):
    """The body's link in the summary puts the cursor in CKEditor's editing area, since the field itself is hidden."""
    statement = make_statement(is_published=False, title="Draft")
    _sign_in(page, live_server, make_officer("Editors"), admin_url(statement, "change"))
    page.locator(".field-body .ck-editor__editable").first.wait_for()
    page.locator(".field-body .ck-editor__editable").first.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.click("input[name=_save]")
    summary = page.locator(".error-summary")
    summary.wait_for()
    page.locator(".field-body .ck-editor__editable").first.wait_for()
    summary.get_by_role("link", name=re.compile("Body")).click()
    assert page.evaluate("document.activeElement.closest('.field-body') !== null")
    assert page.evaluate("document.activeElement.isContentEditable")
