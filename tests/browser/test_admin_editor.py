"""The notice and statement forms in a real browser: areas reordered on the form, headings that look like headings."""

import pytest
from django.urls import reverse

from notices.models import BestValueNotice
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
