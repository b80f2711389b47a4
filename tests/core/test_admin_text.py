"""The admin's own messages and lists read as plain English: counts agree with their nouns."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from statements.models import Statement
from tests.factories import make_notice, make_statement

pytestmark = pytest.mark.django_db
LIST_URL = reverse("admin:statements_statement_changelist")


def _run_action(client, action, statements):
    return client.post(LIST_URL, {"action": action, "_selected_action": [s.pk for s in statements]}, follow=True)


def test_home_page_counts_one_draft_awaiting_review_in_the_singular(client, publisher):
    """One draft reads "1 statement is ready for review", not "1 statements"."""
    make_statement(is_published=False, ready_for_review=True)
    response = client.get(reverse("admin:index"))
    assertContains(response, "1 statement is ready for review")
    assertNotContains(response, "1 statements")


def test_home_page_counts_several_drafts_awaiting_review_in_the_plural(client, publisher):
    """Two drafts of each kind read "2 statements are ready for review" and the same for notices."""
    for _ in range(2):
        make_statement(is_published=False, ready_for_review=True)
        make_notice(is_published=False, ready_for_review=True)
    response = client.get(reverse("admin:index"))
    assertContains(response, "2 statements are ready for review")
    assertContains(response, "2 Best Value Notices are ready for review")


def test_sending_one_draft_for_review_says_draft_in_the_singular(client, editor):
    """The list action's message names one draft, without "(s)"."""
    statement = make_statement(is_published=False)
    response = _run_action(client, "mark_ready_for_review", [statement])
    assertContains(response, "1 draft sent to the Publishers for review.")


def test_publishing_two_drafts_says_records_in_the_plural(client, publisher):
    """The publish action's message counts in the plural, without "(s)"."""
    drafts = [make_statement(is_published=False), make_statement(is_published=False)]
    response = _run_action(client, "publish_selected", drafts)
    assertContains(response, "2 records published.")
    assert Statement.objects.filter(is_published=True).count() == 2


def test_unpublishing_says_what_it_means_for_the_public(client, publisher):
    """Taking a record back to draft says the public no longer sees it."""
    statement = make_statement()
    response = _run_action(client, "unpublish_selected", [statement])
    assertContains(response, "1 record taken back to draft: the public no longer sees it.")


def test_history_page_explains_restoring_in_plain_words(client, publisher):
    """The history page says how to go back to an old version, not "revert to a previous version of this object"."""
    statement = make_statement()
    response = client.get(reverse("admin:statements_statement_history", args=[statement.pk]))
    assertContains(response, "To go back to an old version, open it from the list and save it")
    assertNotContains(response, "revert to a previous version of this object")
