"""Officers in real browsers: write in CKEditor, preview, send for review, schedule, and meet a conflict.

The officer pages built for this (preview, conflict) are checked with axe at 1280 and 320 px.
"""

import datetime

import pytest
from django.utils import timezone

from statements.models import Statement
from tests.browser.test_accessibility import axe_violations, describe
from tests.officers import make_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"  # tests.officers.make_officer's


def sign_in(browser, base, username):
    """A browser context of its own (its own cookies), signed in to the admin as ``username``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def assert_no_axe_violations(page, name):
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert violations == [], (
            f"{len(violations)} axe violation(s) on the {name} at {width}px:\n{describe(violations)}"
        )
    page.set_viewport_size({"width": 1280, "height": 900})


def test_two_officers_write_preview_review_schedule_and_a_stale_save_meets_the_conflict_page(
    browser, live_server, artifacts
):
    """The whole journey in real browsers; the preview and conflict pages have no axe violations."""
    make_officer("Editors", "ed")
    make_officer("Publishers", "pat")
    make_officer("Publishers", "sam")
    base = live_server.url

    # An Editor types into the real CKEditor and previews the unsaved statement.
    editor = sign_in(browser, base, "ed")
    editor.goto(base + "/admin/statements/statement/add/")
    editor.locator("#id_title").press_sequentially("Our progress in April")
    editor.fill("#id_summary", "What the Combined Authority did in April.")
    editor.locator(".ck-editor__editable").first.click()
    editor.keyboard.type("We met every ")
    editor.keyboard.press("Control+b")
    editor.keyboard.type("milestone")
    editor.keyboard.press("Control+b")
    editor.keyboard.type(" this month.")
    with editor.context.expect_page() as opened:
        editor.click("input[name=_preview]")
    preview = opened.value
    preview.wait_for_load_state()
    assert "Preview – not published." in preview.locator(".banner--preview").inner_text()
    assert preview.locator(".rich-text strong").inner_text() == "milestone"
    preview.screenshot(path=str(artifacts / "officer-preview.png"), full_page=True)
    assert_no_axe_violations(preview, "preview page")
    preview.close()
    assert not Statement.objects.exists()  # previewing saved nothing

    # ...then sends it for review.
    editor.click("input[name=_send_for_review]")
    editor.wait_for_url("**/admin/statements/statement/")
    statement = Statement.objects.get(slug="our-progress-in-april")
    assert statement.ready_for_review and not statement.is_published

    # A Publisher schedules it for tomorrow at 09:00.
    publisher = sign_in(browser, base, "pat")
    change = f"{base}/admin/statements/statement/{statement.pk}/change/"
    publisher.goto(change)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    publisher.fill("#id_published_at_0", tomorrow.strftime("%d/%m/%Y"))
    publisher.fill("#id_published_at_1", "09:00:00")
    publisher.click("input[name=_schedule]")
    publisher.wait_for_url("**/admin/statements/statement/")
    statement.refresh_from_db()
    assert statement.is_scheduled()

    # Two Publishers open the scheduled statement; the first saves, the second's save is stale.
    other = sign_in(browser, base, "sam")
    publisher.goto(change)
    other.goto(change)
    publisher.fill("#id_title", "Our progress in April 2024")
    publisher.click("input[name=_save]")
    publisher.wait_for_url("**/admin/statements/statement/")
    other.fill("#id_summary", "What the Combined Authority achieved in April.")
    other.click("input[name=_save]")
    other.wait_for_selector("#conflict_form")
    assert "was saved by someone else after you opened it" in other.locator(".errornote").first.inner_text()
    assert "Our progress in April 2024" in other.content()
    other.screenshot(path=str(artifacts / "officer-conflict.png"), full_page=True)
    assert_no_axe_violations(other, "conflict page")

    # One click applies the second officer's change on top of the first one's.
    other.click("input[name=apply_on_top]")
    other.wait_for_url("**/admin/statements/statement/")
    statement.refresh_from_db()
    assert statement.title == "Our progress in April 2024"
    assert statement.summary == "What the Combined Authority achieved in April."
    for page in (editor, publisher, other):
        page.context.close()
