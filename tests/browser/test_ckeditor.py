"""An officer writes a statement in the real CKEditor 5 in the admin; the public sees the formatting."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from statements.models import Statement
from tests.helpers import admin_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password-for-the-officer"


def test_officer_writes_bold_text_and_a_list_in_ckeditor_and_the_public_page_shows_them(page, live_server, artifacts):
    get_user_model().objects.create_superuser("officer", "officer@example.com", PASSWORD)

    page.goto(f"{live_server.url}{reverse('admin:login')}?next={admin_url(Statement, 'add')}")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**" + admin_url(Statement, "add"))

    page.locator("#id_title").press_sequentially("Our progress in March")
    # The admin's own script fills the slug in from the title.
    assert page.input_value("#id_slug") == "our-progress-in-march"
    page.fill("#id_summary", "What the Combined Authority did in March.")
    editor = page.locator(".ck-editor__editable").first
    editor.click()
    page.keyboard.type("We have made ")
    page.keyboard.press("Control+b")
    page.keyboard.type("real progress")
    page.keyboard.press("Control+b")
    page.keyboard.type(" this month.")
    page.keyboard.press("Enter")
    page.locator(".ck-toolbar button", has_text="Bulleted List").first.click()
    page.keyboard.type("A new scheme of delegation")
    page.keyboard.press("Enter")
    page.keyboard.type("Training for every member")
    page.screenshot(path=str(artifacts / "ckeditor-admin-editing.png"), full_page=True)
    page.click("input[name=_publish]")
    page.wait_for_url("**" + admin_url(Statement))
    assert page.csp_messages == [], "the admin's policy must let CKEditor 5 work"

    statement = Statement.objects.get(slug="our-progress-in-march")
    assert statement.is_live()
    page.goto(live_server.url + statement.get_absolute_url())
    body = page.locator(".rich-text")
    assert body.locator("strong").inner_text() == "real progress"
    assert body.locator("ul > li").all_inner_texts() == ["A new scheme of delegation", "Training for every member"]
    assert page.locator("h1").inner_text() == "Our progress in March"
    page.screenshot(path=str(artifacts / "ckeditor-public-statement.png"), full_page=True)
