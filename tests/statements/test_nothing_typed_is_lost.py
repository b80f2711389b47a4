"""Length limits are counted, not enforced by cutting the text off; refused text comes back whole."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from statements.models import Statement
from tests.factories import make_statement
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db


def change_url(statement):
    return admin_url(statement, "change")


def test_the_summary_field_accepts_more_than_its_limit_and_counts(client, editor):
    """No maxlength cuts typing off at 300; the field carries its limit for the live count."""
    response = client.get(admin_url(Statement, "add"))
    assertContains(response, 'data-character-limit="300"')
    assertNotContains(response, 'maxlength="300"')
    assertContains(response, "js/character-count.js")


def test_a_301_character_summary_is_refused_with_the_text_kept(client, editor):
    """The server says how many characters too many, and the officer's 301 characters are all still there."""
    draft = make_statement(is_published=False)
    typed = "a" * 300 + "Z"
    response = client.post(change_url(draft), form_data(client.get(change_url(draft)), "statement_form", summary=typed))
    assertContains(response, "Use 300 characters or fewer: this has 301, which is 1 too many.")
    assertContains(response, f"\n{typed}</textarea>")
    draft.refresh_from_db()
    assert draft.summary != typed


def test_a_300_character_summary_is_saved(client, editor):
    """The limit itself is allowed."""
    draft = make_statement(is_published=False)
    typed = "a" * 300
    response = client.post(change_url(draft), form_data(client.get(change_url(draft)), "statement_form", summary=typed))
    assert response.status_code == 302
    assert Statement.objects.get(pk=draft.pk).summary == typed
