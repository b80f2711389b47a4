"""History that loses nothing, public change notes and withdrawal, for statements."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.editorial import ChangeKind
from statements.models import Statement, StatementChangeNote
from statements.services import withdraw_statement
from tests.factories import make_statement
from tests.helpers import admin_url, assert_queries_do_not_grow
from tests.officers import form_data, make_officer

pytestmark = pytest.mark.django_db


def edit(client, statement, **overrides):
    data = form_data(client.get(admin_url(statement, "change")), "statement_form", **overrides)
    return client.post(admin_url(statement, "change"), data)


# -- History ----------------------------------------------------------------------------------


def test_every_save_is_kept_with_who_made_it(client, publisher):
    statement = make_statement(is_published=False, body="<p>One.</p>")
    edit(client, statement, body="<p>Two.</p>")
    edit(client, statement, body="<p>Three.</p>")
    versions = list(statement.history.order_by("history_date"))
    assert [v.body for v in versions] == ["<p>One.</p>", "<p>Two.</p>", "<p>Three.</p>"]
    assert versions[-1].history_user == publisher


def test_compare_marks_only_the_words_that_changed(client, publisher):
    statement = make_statement(
        is_published=False, body="<h2>Progress</h2><p>The board met twice.</p><p>Unchanged line.</p>"
    )
    edit(client, statement, body="<h2>Progress</h2><p>The board met three times.</p><p>Unchanged line.</p>")
    older, newer = statement.history.order_by("history_date")
    response = client.get(admin_url(statement, "compare") + f"?older={older.history_id}&newer={newer.history_id}")
    content = response.content.decode()
    assert '<del><span class="visually-hidden">removed: </span>twice</del>' in content
    assert '<ins><span class="visually-hidden">added: </span>three times</ins>' in content
    assert '<del><span class="visually-hidden">removed: </span>The' not in content  # unchanged words stay plain
    assert "&lt;p&gt;" not in content  # compared as text, not markup
    assertContains(response, "Unchanged line.")


def test_compare_of_identical_versions_says_so(client, publisher):
    statement = make_statement(is_published=False)
    version = statement.history.get()
    url = admin_url(statement, "compare") + f"?older={version.history_id}"
    assertContains(client.get(url), "These two versions are the same.")


def test_history_page_offers_comparison(client, publisher):
    statement = make_statement(is_published=False)
    edit(client, statement, title="Renamed")
    response = client.get(admin_url(statement, "history"))
    assertContains(response, "Compare two versions")


def test_restoring_an_old_version_saves_it_as_a_new_version(client, publisher):
    statement = make_statement(is_published=False, body="<p>Original.</p>")
    edit(client, statement, body="<p>Replaced.</p>")
    original = statement.history.order_by("history_date").first()
    url = admin_url(statement, "simple_history", original.history_id)
    response = client.post(url, form_data(client.get(url), "historicalstatement_form"))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.body == "<p>Original.</p>"
    bodies = [v.body for v in statement.history.order_by("history_date")]
    assert bodies == ["<p>Original.</p>", "<p>Replaced.</p>", "<p>Original.</p>"]


def test_editor_restoring_a_once_published_version_does_not_publish(client):
    editor = make_officer("Editors")
    statement = make_statement(is_published=True)
    old = statement.history.get()
    statement.is_published = False
    statement.save()
    client.force_login(editor)
    url = admin_url(statement, "simple_history", old.history_id)
    response = client.post(url, form_data(client.get(url), "historicalstatement_form"))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert not statement.is_published
    assert statement.history.count() == 3


# -- Change notes -----------------------------------------------------------------------------


def test_editing_a_public_statement_asks_major_or_minor(client, publisher):
    statement = make_statement()
    response = edit(client, statement, title="New title")
    assertContains(response, "say whether this is a major change")
    statement.refresh_from_db()
    assert statement.title != "New title"


def test_minor_change_adds_no_note_and_no_updated_date(client, publisher):
    statement = make_statement()
    assert edit(client, statement, title="Typo fixed", change_kind="minor").status_code == 302
    assert not statement.change_notes.exists()
    page = client.get(statement.get_absolute_url())
    assertContains(page, "Typo fixed")
    assertNotContains(page, "last updated")
    assert statement.history.latest().history_change_reason == "Minor change"


def test_changing_the_date_is_always_major(client, publisher):
    statement = make_statement(published_at=timezone.make_aware(datetime.datetime(2024, 1, 30, 9, 0)))
    response = edit(client, statement, published_at_0="29/01/2024", change_kind="minor")
    assertContains(response, "Changing the publication date of a published record is a major change")
    statement.refresh_from_db()
    assert statement.published_at.day == 30


def test_major_change_needs_a_note(client, publisher):
    statement = make_statement()
    response = edit(client, statement, title="Corrected", change_kind="major", change_note="")
    assertContains(response, "Write a change note")


def test_major_change_note_is_public_with_its_date(client, publisher, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2024, 2, 2, 10, 0)))
    statement = make_statement(published_at=timezone.make_aware(datetime.datetime(2024, 1, 30, 9, 0)))
    response = edit(
        client, statement, body="<p>Corrected figures.</p>", change_kind="major", change_note="Corrected the figures."
    )
    assert response.status_code == 302
    note = statement.change_notes.get()
    assert note.note == "Corrected the figures." and note.made_by == publisher
    page = client.get(statement.get_absolute_url())
    assertContains(page, "Published <time")
    assertContains(page, "30 January 2024</time>, last updated <time")
    versions = statement.get_versions_url()
    assertContains(page, f'2 February 2024</time> <a href="{versions}">See all updates</a>')
    assertContains(page, "Corrected the figures.")
    assertContains(page, "First published.")
    assert statement.history.latest().history_change_reason == "Major change: Corrected the figures."


def test_change_note_rule_holds_outside_the_admin():
    statement = make_statement()
    statement.published_at -= datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        statement.full_clean()
    assert raised.value.error_dict["change_kind"][0].code == "major_change_required"
    statement.change_kind, statement.change_note = ChangeKind.MAJOR, "Corrected the date."
    statement.full_clean()
    statement.save()
    assert statement.change_notes.count() == 1


def test_drafts_and_scheduled_statements_need_no_change_note():
    draft = make_statement(is_published=False)
    draft.published_at -= datetime.timedelta(days=3)
    draft.full_clean()
    scheduled = make_statement(published_at=timezone.now() + datetime.timedelta(days=2))
    scheduled.published_at += datetime.timedelta(days=1)
    scheduled.full_clean()


def test_public_change_notes_for_the_feed_leave_out_drafts_and_keep_withdrawn_statements():
    """Drafts have no public page; a withdrawn statement keeps its page, so its notes stay in the feed."""
    live = make_statement()
    withdrawn = make_statement()
    draft = make_statement(is_published=False)
    for statement in (live, withdrawn, draft):
        StatementChangeNote.objects.create(statement=statement, note=f"Note on {statement.title}")
    withdrawn.withdrawn_at, withdrawn.withdrawal_reason = timezone.now(), "it was superseded"
    withdrawn.save()
    assert {note.statement for note in StatementChangeNote.objects.public()} == {live, withdrawn}


def test_a_withdrawal_saved_as_minor_is_a_major_change_with_its_explanation_as_the_note(client, publisher):
    """Withdrawing is never a silent typo fix: the public change note is the explanation, and the feed has it."""
    statement = make_statement(published_at=timezone.now() - datetime.timedelta(days=5))
    now = timezone.localtime()
    response = edit(
        client,
        statement,
        withdrawn_at_0=now.strftime("%d/%m/%Y"),
        withdrawn_at_1=now.strftime("%H:%M:%S"),
        withdrawal_reason="it was issued in error.",
        change_kind="minor",
    )
    assert response.status_code == 302
    (note,) = statement.change_notes.all()
    assert note.note == "This statement was withdrawn because it was issued in error."
    feed = client.get("/governance/transparency/feed/")
    assertContains(feed, "This statement was withdrawn because it was issued in error.")


# -- Withdrawal ---------------------------------------------------------------------------------


def test_publisher_withdraws_on_the_form_and_the_page_keeps_its_url(client, publisher, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2024, 3, 1, 10, 0)))
    statement = make_statement(title="Withdrawn statement", published_at=timezone.now() - datetime.timedelta(days=5))
    response = edit(
        client,
        statement,
        withdrawn_at_0="01/03/2024",
        withdrawn_at_1="09:00:00",
        withdrawal_reason="it has been replaced by the statement of 1 March 2024.",
        change_kind="minor",
    )
    assert response.status_code == 302
    page = client.get(statement.get_absolute_url())
    assert page.status_code == 200
    assertContains(page, "This statement was withdrawn on <time")
    assertContains(page, "1 March 2024</time></strong> because it has been replaced by the statement")
    assertNotContains(client.get("/governance/transparency/statements/"), "Withdrawn statement")
    assertNotContains(client.get("/governance/transparency/"), "Withdrawn statement")
    assert statement not in Statement.objects.published()
    assert statement in Statement.objects.viewable()


def test_withdrawal_needs_a_reason(client, publisher):
    statement = make_statement()
    response = edit(client, statement, withdrawn_at_0="01/03/2030", withdrawn_at_1="09:00:00", change_kind="minor")
    assertContains(response, "Say why the statement was withdrawn")


def test_withdrawal_without_reason_is_refused_by_the_database():
    statement = make_statement()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(withdrawn_at=timezone.now(), withdrawal_reason="")


def test_withdraw_service_records_who_and_why(publisher):
    statement = make_statement()
    withdraw_statement(statement=statement, user=publisher, reason="it was issued in error.")
    latest = statement.history.latest()
    assert latest.history_user == publisher
    assert latest.history_change_reason == "Withdrawn by publishers: it was issued in error."
    assert statement.is_withdrawn() and not statement.is_live()


def test_as_it_stood_before_the_withdrawal_the_statement_was_listed():
    statement = make_statement(published_at=timezone.now() - datetime.timedelta(days=10))
    statement.withdrawn_at, statement.withdrawal_reason = timezone.now() - datetime.timedelta(days=2), "it was wrong"
    statement.save()
    assert statement in Statement.objects.published_by(timezone.now() - datetime.timedelta(days=5))
    assert statement not in Statement.objects.published_by(timezone.now() - datetime.timedelta(days=1))
    assert statement.is_live(timezone.now() - datetime.timedelta(days=5))
    assert not statement.is_live()


def test_a_change_reason_belongs_to_one_save_only():
    statement = make_statement()
    statement.change_kind, statement.change_note = ChangeKind.MAJOR, "Corrected the figures."
    statement.save()
    statement.title = "Later edit"
    statement.save()
    reasons = list(statement.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == [None, "Major change: Corrected the figures.", None]


def test_change_notes_are_listed_on_the_admin_form(client, publisher):
    statement = make_statement()
    StatementChangeNote.objects.create(statement=statement, note="Corrected the figures.")
    assertContains(client.get(admin_url(statement, "change")), "Corrected the figures.")


def test_model_mirrors_agree_with_the_querysets_around_a_withdrawal():
    statement = make_statement(published_at=timezone.now() - datetime.timedelta(days=3))
    statement.withdrawn_at, statement.withdrawal_reason = timezone.now() + datetime.timedelta(days=1), "it lapses"
    statement.save()
    for moment, listed in ((timezone.now(), True), (statement.withdrawn_at, False)):
        assert statement.is_live(moment) is listed
        assert (statement in Statement.objects.published_by(moment)) is listed
    assert statement.is_viewable() and statement in Statement.objects.viewable()


def test_withdrawn_page_is_a_complete_public_page(client):
    from tests.pages import h1_count, page_title

    statement = make_statement(title="Old statement")
    statement.withdrawn_at, statement.withdrawal_reason = timezone.now(), "it was replaced."
    statement.save()
    response = client.get(statement.get_absolute_url())
    assert h1_count(response) == 1
    assert page_title(response).startswith("[Withdrawn] Old statement – Transparency – ")
    assertContains(response, 'aria-current="page">Old statement</li>')


def test_public_pages_make_the_same_number_of_queries_with_1_and_20_change_notes(client):
    from notices.models import NoticeChangeNote
    from tests.factories import make_notice

    statement = make_statement()
    notice = make_notice()
    StatementChangeNote.objects.create(statement=statement, note="First.")
    NoticeChangeNote.objects.create(notice=notice, note="First.")

    def add_19_notes():
        for number in range(19):
            StatementChangeNote.objects.create(statement=statement, note=f"Note {number}.")
            NoticeChangeNote.objects.create(notice=notice, note=f"Note {number}.")

    assert_queries_do_not_grow(client, [statement.get_absolute_url(), notice.get_absolute_url()], add_19_notes)


def test_restoring_a_published_statement_asks_for_a_change_note(client, publisher):
    statement = make_statement(body="<p>Original.</p>")
    statement.body, statement.change_kind = "<p>Mistaken edit.</p>", ChangeKind.MINOR
    statement.save()
    original = statement.history.order_by("history_date").first()
    url = admin_url(statement, "simple_history", original.history_id)
    page = client.get(url)
    assertContains(page, "What kind of change is this?")
    data = form_data(page, "historicalstatement_form", change_kind="major", change_note="Restored the original text.")
    assert client.post(url, data).status_code == 302
    statement.refresh_from_db()
    assert statement.body == "<p>Original.</p>"
    assert statement.change_notes.get().note == "Restored the original text."


def test_history_and_compare_pages_make_the_same_queries_however_many_people_saved(client, publisher):
    """Who saved each version is joined, not fetched version by version."""
    statement = make_statement(title="Version 0")

    def save_as(user_number):
        statement._history_user = make_officer("Editors", username=f"editor{user_number}")
        statement.title = f"Version {user_number}"
        statement.save()

    def ten_more_people_save():
        for number in range(2, 12):
            save_as(number)

    save_as(1)
    urls = [admin_url(statement, "history"), admin_url(statement, "compare")]
    assert_queries_do_not_grow(client, urls, ten_more_people_save)


def test_a_long_change_note_is_kept_whole_and_the_history_reason_is_cut_to_fit(client, publisher):
    """A note longer than the history's reason column (100 characters) saves on PostgreSQL too."""
    statement = make_statement(title="Statement")
    note = "The figures in the second paragraph were corrected after the audit committee met. " * 3
    statement.title, statement.change_kind, statement.change_note = "Corrected statement", "major", note
    statement.save()
    assert statement.change_notes.get().note == note.strip()
    reason = statement.history.latest().history_change_reason
    assert len(reason) == 100 and reason.startswith("Major change: The figures")
