"""The notice and statement forms in a real browser: areas reordered on the form, headings that look like headings."""

import pytest
from django.urls import reverse

from notices.models import BestValueNotice
from tests.factories import make_area, make_notice
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
