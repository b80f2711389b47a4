"""One row of buttons that say what they do: save a draft, send for review, publish now, schedule, correct."""

import datetime
import re

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from statements.models import Statement
from tests.factories import make_statement
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db
ADD_URL = admin_url(Statement, "add")


def change_url(statement):
    return admin_url(statement, "change")


def buttons(response):
    return re.findall(r'<input type="submit"[^>]*? name="(\w+)" value="([^"]+)"', response.content.decode())


def test_an_editor_sees_save_draft_and_send_for_review_and_no_publication_checkbox(client, editor):
    """Editors get the two actions they may take, and nothing that looks like publishing."""
    response = client.get(ADD_URL)
    assert buttons(response) == [
        ("_save", "Save draft"),
        ("_send_for_review", "Send for review"),
        ("_preview", "Preview (opens in a new tab)"),
    ]
    assertNotContains(response, 'name="is_published"')
    assertNotContains(response, "Save and add another")


def test_a_publisher_sees_publish_now_and_schedule_on_a_draft(client, publisher):
    """Publishers publish with a button that says when; there is no "Published" checkbox any more."""
    response = client.get(change_url(make_statement(is_published=False)))
    assert [name for name, _ in buttons(response)] == ["_save", "_publish", "_schedule", "_preview"]
    assertContains(response, 'value="Publish now"')
    assertNotContains(response, 'name="is_published"')


def test_a_published_statement_offers_save_correction(client, publisher):
    """Once public, saving is a correction, and the button says so."""
    response = client.get(change_url(make_statement()))
    assert [label for _, label in buttons(response)][0] == "Save correction"
    assertNotContains(response, 'value="Publish now"')


def test_schedule_publishes_at_the_future_date(client, publisher):
    """Schedule keeps the future publication date: the statement appears by itself then."""
    draft = make_statement(is_published=False)
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    data = form_data(
        client.get(change_url(draft)),
        "statement_form",
        published_at_0=tomorrow.strftime("%d/%m/%Y"),
        published_at_1="09:00:00",
        _schedule="Schedule",
    )
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.is_scheduled()


def test_schedule_with_a_date_in_the_past_is_refused(client, publisher):
    """Scheduling needs a future date; the form says to choose one or publish now."""
    draft = make_statement(is_published=False)
    response = client.post(
        change_url(draft), form_data(client.get(change_url(draft)), "statement_form", _schedule="Schedule")
    )
    assertContains(response, "To schedule, choose a publication date in the future")
    assert not Statement.objects.get(pk=draft.pk).is_published


def test_publish_now_publishes_now_even_with_a_future_date_on_the_form(client, publisher):
    """ "Publish now" means now: a future date left on the form does not schedule it."""
    draft = make_statement(is_published=False, published_at=timezone.now() + datetime.timedelta(days=3))
    data = form_data(client.get(change_url(draft)), "statement_form", _publish="Publish now")
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_live()
