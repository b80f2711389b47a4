"""Each role against each action on statements: in the admin, by direct POST and through services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from statements.models import Statement
from statements.services import publish_statement, withdraw_statement
from tests.factories import make_statement
from tests.helpers import admin_url
from tests.officers import form_data, make_officer

pytestmark = pytest.mark.django_db


def add_data(client, **overrides):
    page = client.get(admin_url(Statement, "add"))
    values = {
        "title": "Our response",
        "slug": "our-response",
        "summary": "What we are doing.",
        "body": "<p>We accept the findings.</p>",
        "published_at_0": "30/01/2024",
        "published_at_1": "09:00:00",
    }
    return form_data(page, "statement_form", **{**values, **overrides})


def run_action(client, action, *statements):
    return client.post(
        admin_url(Statement), {"action": action, "_selected_action": [str(s.pk) for s in statements]}, follow=True
    )


# -- Editors ---------------------------------------------------------------------------------


def test_editor_adds_a_draft(client, editor):
    response = client.post(admin_url(Statement, "add"), add_data(client))
    assert response.status_code == 302
    statement = Statement.objects.get(slug="our-response")
    assert not statement.is_published
    assert statement.history.latest().history_user == editor


def test_editor_sees_publish_as_read_only(client, editor):
    response = client.get(admin_url(Statement, "add"))
    assertNotContains(response, 'name="is_published"')
    assertContains(response, 'name="ready_for_review"')


def test_editor_posting_is_published_by_hand_gets_a_form_error_and_nothing_is_saved(client, editor):
    response = client.post(admin_url(Statement, "add"), add_data(client, is_published="on"))
    assert response.status_code == 200
    assertContains(response, "Only Publishers can publish, unpublish or withdraw")
    assert not Statement.objects.exists()


def test_editor_posting_is_published_on_an_existing_draft_does_not_publish(client, editor):
    draft = make_statement(is_published=False)
    data = form_data(client.get(admin_url(draft, "change")), "statement_form", is_published="on")
    response = client.post(admin_url(draft, "change"), data)
    assertContains(response, "Only Publishers can publish")
    draft.refresh_from_db()
    assert not draft.is_published


def test_editor_posting_a_withdrawal_by_hand_is_refused(client, editor):
    draft = make_statement(is_published=False)
    data = form_data(client.get(admin_url(draft, "change")), "statement_form", withdrawn_at_0="01/02/2024")
    data.update(withdrawn_at_1="10:00:00", withdrawal_reason="it was wrong")
    response = client.post(admin_url(draft, "change"), data)
    assertContains(response, "Only Publishers can publish")
    draft.refresh_from_db()
    assert draft.withdrawn_at is None


def test_editor_cannot_change_a_published_statement(client, editor):
    live = make_statement(title="Live")
    assertNotContains(client.get(admin_url(live, "change")), 'name="title"')
    response = client.post(admin_url(live, "change"), {"title": "Changed by an editor"})
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Live"


def test_editor_cannot_publish_with_the_list_action(client, editor):
    draft = make_statement(is_published=False)
    assertNotContains(client.get(admin_url(Statement)), 'value="publish_selected"')
    run_action(client, "publish_selected", draft)
    draft.refresh_from_db()
    assert not draft.is_published


def test_editor_cannot_unpublish_with_the_list_action(client, editor):
    live = make_statement()
    run_action(client, "unpublish_selected", live)
    live.refresh_from_db()
    assert live.is_published


def test_editor_cannot_delete(client, editor):
    draft = make_statement(is_published=False)
    assert client.get(admin_url(draft, "delete")).status_code == 403
    assert client.post(admin_url(draft, "delete"), {"post": "yes"}).status_code == 403
    run_action(client, "delete_selected", draft)
    assert Statement.objects.filter(pk=draft.pk).exists()


def test_services_refuse_an_editor(editor):
    draft = make_statement(is_published=False)
    with pytest.raises(PermissionDenied):
        publish_statement(statement=draft, user=editor)
    live = make_statement()
    with pytest.raises(PermissionDenied):
        withdraw_statement(statement=live, user=editor, reason="it was wrong")
    draft.refresh_from_db()
    live.refresh_from_db()
    assert not draft.is_published and live.withdrawn_at is None


# -- Review before publish -----------------------------------------------------------------------


def test_editor_marks_a_draft_ready_for_review_on_the_form(client, editor):
    draft = make_statement(is_published=False)
    data = form_data(client.get(admin_url(draft, "change")), "statement_form", ready_for_review="on")
    assert client.post(admin_url(draft, "change"), data).status_code == 302
    draft.refresh_from_db()
    assert draft.ready_for_review and draft.review_requested_by == editor
    assert not draft.is_published


def test_editor_marks_drafts_ready_with_the_list_action(client, editor):
    draft = make_statement(is_published=False)
    run_action(client, "mark_ready_for_review", draft)
    draft.refresh_from_db()
    assert draft.ready_for_review and draft.review_requested_by == editor
    assert draft.history.latest().history_change_reason == "Sent for review by editors"


def test_publisher_sees_only_drafts_awaiting_review_in_the_filter(client, publisher):
    make_statement(is_published=False, title="Waiting draft", ready_for_review=True)
    make_statement(is_published=False, title="Unfinished draft")
    response = client.get(f"{admin_url(Statement)}?review=awaiting")
    results = response.content.decode().split('id="result_list"')[1]
    assert "Waiting draft" in results and "Unfinished draft" not in results


def test_publisher_publishes_a_reviewed_draft_and_it_is_recorded_as_reviewed(client, publisher):
    editor = make_officer("Editors")
    draft = make_statement(is_published=False)
    from core.publishing import mark_ready_for_review

    mark_ready_for_review(obj=draft, user=editor)
    run_action(client, "publish_selected", draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == publisher
    assert not draft.published_without_review and not draft.ready_for_review
    assert draft.history.latest().history_change_reason == "Published after review by publishers"


def test_publisher_publishing_own_unreviewed_draft_is_recorded_as_such(client, publisher):
    response = client.post(admin_url(Statement, "add"), add_data(client, _publish="Publish now"), follow=True)
    assertContains(response, "was published without review")
    statement = Statement.objects.get(slug="our-response")
    assert statement.is_published and statement.published_without_review
    assert statement.first_published_at is not None
    assert "without review" in statement.history.latest().history_change_reason
    listing = client.get(f"{admin_url(Statement)}?review=unreviewed")
    assertContains(listing, "Our response")


def test_publisher_publishing_a_draft_they_sent_for_review_themselves_counts_as_unreviewed(publisher):
    from core.publishing import mark_ready_for_review

    draft = make_statement(is_published=False)
    mark_ready_for_review(obj=draft, user=publisher)
    publish_statement(statement=draft, user=publisher)
    assert draft.published_without_review


def test_publisher_unpublishes_with_the_list_action(client, publisher):
    live = make_statement()
    run_action(client, "unpublish_selected", live)
    live.refresh_from_db()
    assert not live.is_published


def test_publisher_deletes_and_recovers_from_history(client, publisher):
    draft = make_statement(is_published=False, title="Deleted by mistake", body="<p>Every word.</p>")
    pk = draft.pk
    assert client.post(admin_url(Statement, "delete", pk), {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk=pk).exists()
    deleted_page = client.get(admin_url(Statement, "deleted"))
    assertContains(deleted_page, "Deleted by mistake")
    last = Statement.history.filter(id=pk).exclude(history_type="-").latest()
    url = admin_url(Statement, "simple_history", pk, last.history_id)
    response = client.post(url, form_data(client.get(url), "historicalstatement_form"))
    assert response.status_code == 302
    recovered = Statement.objects.get(pk=pk)
    assert recovered.body == "<p>Every word.</p>"
    assert Statement.history.filter(id=pk).count() == 3


def test_a_recovered_published_statement_comes_back_as_a_draft_awaiting_review(client, publisher):
    """Recovering a deleted public statement does not republish it: it waits for review first."""
    live = make_statement(title="Public then deleted")
    pk = live.pk
    live.delete()
    last = Statement.history.filter(id=pk).exclude(history_type="-").latest()
    url = admin_url(Statement, "simple_history", pk, last.history_id)
    response = client.post(url, form_data(client.get(url), "historicalstatement_form"), follow=True)
    assertContains(response, "is back as a draft awaiting review")
    recovered = Statement.objects.get(pk=pk)
    assert not recovered.is_published and recovered.ready_for_review
    assert client.get(recovered.get_absolute_url()).status_code == 404


def test_editor_cannot_recover_a_deleted_statement(client, editor):
    draft = make_statement(is_published=False)
    pk, last = draft.pk, draft.history.latest()
    draft.delete()
    url = admin_url(Statement, "simple_history", pk, last.history_id)
    assert client.post(url, {"title": "x"}).status_code == 403
    assert not Statement.objects.filter(pk=pk).exists()


# -- Auditors ------------------------------------------------------------------------------------


def test_auditor_views_but_cannot_add_change_publish_or_delete(client, auditor):
    live = make_statement(title="Live")
    draft = make_statement(is_published=False)
    assert client.get(admin_url(Statement)).status_code == 200
    assert client.get(admin_url(live, "change")).status_code == 200
    assert client.get(admin_url(Statement, "add")).status_code == 403
    assert client.post(admin_url(draft, "change"), {"title": "x", "is_published": "on"}).status_code == 403
    assert client.post(admin_url(live, "delete"), {"post": "yes"}).status_code == 403
    run_action(client, "publish_selected", draft)
    run_action(client, "unpublish_selected", live)
    draft.refresh_from_db()
    live.refresh_from_db()
    assert not draft.is_published and live.is_published and live.title == "Live"


def test_auditor_sees_every_version_and_can_compare_them(client, auditor):
    statement = make_statement(body="<p>First wording.</p>")
    statement.body = "<p>Second wording.</p>"
    statement.save()
    assert client.get(admin_url(statement, "history")).status_code == 200
    response = client.get(admin_url(statement, "compare"))
    assertContains(response, '<del><span class="visually-hidden">removed: </span>First</del>')
    assertContains(response, '<ins><span class="visually-hidden">added: </span>Second</ins> wording.')


# -- Scheduling ------------------------------------------------------------------------------------


def test_admin_change_form_shows_the_scheduled_time(client, publisher, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2024, 1, 31, 12, 0)))
    statement = make_statement(published_at=timezone.make_aware(datetime.datetime(2024, 2, 1, 9, 0)))
    assertContains(client.get(admin_url(statement, "change")), "Scheduled for 9:00 on 1 February 2024")
    assertContains(client.get(admin_url(Statement)), "Scheduled for 9:00 on 1 February 2024")


def test_scheduled_statement_appears_by_itself_at_its_moment(client, time_machine):
    moment = timezone.make_aware(datetime.datetime(2024, 2, 1, 9, 0))
    time_machine.move_to(moment - datetime.timedelta(days=1))
    statement = make_statement(title="Scheduled statement", published_at=moment)
    time_machine.move_to(moment - datetime.timedelta(seconds=1), tick=False)
    assert client.get(statement.get_absolute_url()).status_code == 404
    assertNotContains(client.get("/governance/transparency/statements/"), "Scheduled statement")
    time_machine.move_to(moment + datetime.timedelta(seconds=1), tick=False)
    assert client.get(statement.get_absolute_url()).status_code == 200
    assertContains(client.get("/governance/transparency/statements/"), "Scheduled statement")


def test_history_urls_with_a_bad_id_give_404(client, publisher):
    urls = [
        admin_url(Statement, "history", "abc"),
        admin_url(Statement, "compare", "abc"),
        admin_url(Statement, "simple_history", "abc", 1),
        admin_url(Statement, "simple_history", 1, "x"),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_editor_saves_and_sends_for_review_with_one_button(client, editor):
    assertContains(client.get(admin_url(Statement, "add")), 'name="_send_for_review"')
    assert client.post(admin_url(Statement, "add"), {**add_data(client), "_send_for_review": "1"}).status_code == 302
    statement = Statement.objects.get()
    assert statement.ready_for_review and statement.review_requested_by == editor and not statement.is_published


def test_publisher_saves_and_publishes_with_one_button(client, publisher):
    draft = make_statement(is_published=False)
    page = client.get(admin_url(draft, "change"))
    assertContains(page, 'name="_publish"')
    assert (
        client.post(admin_url(draft, "change"), {**form_data(page, "statement_form"), "_publish": "1"}).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == publisher


def test_editor_posting_the_publish_button_by_hand_gets_403(client, editor):
    draft = make_statement(is_published=False)
    page = client.get(admin_url(draft, "change"))
    assertNotContains(page, 'name="_publish"')
    response = client.post(admin_url(draft, "change"), {**form_data(page, "statement_form"), "_publish": "1"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published
