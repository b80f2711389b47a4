"""Two officers on one statement: neither loses a word, and only one of two publishes succeeds."""

import threading

import pytest
from django.db import connection
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from core import publishing
from statements.models import Statement
from tests.factories import make_statement
from tests.helpers import admin_url
from tests.officers import form_data, make_officer

pytestmark = pytest.mark.django_db


def change_url(statement):
    return admin_url(statement, "change")


def signed_in(role, username):
    client = Client()
    client.force_login(make_officer(role, username))
    return client


def test_a_stale_save_is_refused_with_everything_typed_kept():
    """A second Publisher saving a form opened before the first one's save gets the conflict page, and nothing is overwritten."""
    live = make_statement(title="Original title", summary="Original summary.")
    first, second = signed_in("Publishers", "ann"), signed_in("Publishers", "bob")
    first_form, second_form = first.get(change_url(live)), second.get(change_url(live))

    saved = form_data(first_form, "statement_form", title="Corrected title", change_kind="minor")
    assert first.post(change_url(live), saved).status_code == 302
    stale = form_data(second_form, "statement_form", summary="A fixed summary.", change_kind="minor")
    response = second.post(change_url(live), stale)

    assert response.status_code == 409
    assertContains(response, "was saved by someone else after you opened it", status_code=409)
    assertContains(response, "Corrected title", status_code=409)  # what the other officer changed
    assertContains(response, "A fixed summary.", status_code=409)  # what this officer typed, kept
    assertContains(response, "ann", status_code=409)
    live.refresh_from_db()
    assert (live.title, live.summary) == ("Corrected title", "Original summary.")


def test_applying_on_top_keeps_both_officers_changes():
    """One click on the conflict page saves the officer's own changes over the other officer's version."""
    live = make_statement(title="Original title", summary="Original summary.")
    first, second = signed_in("Publishers", "ann"), signed_in("Publishers", "bob")
    first_form, second_form = first.get(change_url(live)), second.get(change_url(live))
    first.post(change_url(live), form_data(first_form, "statement_form", title="Corrected title", change_kind="minor"))
    conflict = second.post(
        change_url(live), form_data(second_form, "statement_form", summary="A fixed summary.", change_kind="minor")
    )

    response = second.post(change_url(live), form_data(conflict, "conflict_form", apply_on_top="1"))

    assert response.status_code == 302
    live.refresh_from_db()
    assert (live.title, live.summary) == ("Corrected title", "A fixed summary.")
    assert live.history.count() == 3


def test_applying_on_top_of_a_version_that_changed_again_shows_the_conflict_again():
    """An officer never applies their text over a version they have not seen."""
    live = make_statement(title="Original title")
    first, second = signed_in("Publishers", "ann"), signed_in("Publishers", "bob")
    first_form, second_form = first.get(change_url(live)), second.get(change_url(live))
    first.post(change_url(live), form_data(first_form, "statement_form", title="Second title", change_kind="minor"))
    conflict = second.post(
        change_url(live), form_data(second_form, "statement_form", summary="Mine.", change_kind="minor")
    )
    again = first.get(change_url(live))
    first.post(change_url(live), form_data(again, "statement_form", title="Third title", change_kind="minor"))

    response = second.post(change_url(live), form_data(conflict, "conflict_form", apply_on_top="1"))

    assert response.status_code == 409
    assertContains(response, "Third title", status_code=409)
    live.refresh_from_db()
    assert live.title == "Third title" and live.summary != "Mine."


def test_two_editors_on_a_draft_keep_their_rich_text():
    """The second Editor's rich text comes back on the conflict page, as typed, and can be applied."""
    draft = make_statement(is_published=False, body="<p>First draft.</p>")
    first, second = signed_in("Editors", "ann"), signed_in("Editors", "bob")
    first_form, second_form = first.get(change_url(draft)), second.get(change_url(draft))
    first.post(change_url(draft), form_data(first_form, "statement_form", title="Ann's title"))
    typed = "<h2>Our plan</h2><p>Bob's <strong>rewrite</strong>.</p>"
    conflict = second.post(change_url(draft), form_data(second_form, "statement_form", body=typed))

    assert conflict.status_code == 409
    assertContains(conflict, "&lt;h2&gt;Our plan&lt;/h2&gt;&lt;p&gt;Bob&#x27;s &lt;strong&gt;rewrite", status_code=409)
    assert second.post(change_url(draft), form_data(conflict, "conflict_form", apply_on_top="1")).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Ann's title"
    assert draft.body == typed


def test_an_editor_whose_draft_was_published_meanwhile_gets_their_text_back():
    """Not a bare 403: the Editor is told the draft was published, and sees everything they typed."""
    draft = make_statement(is_published=False, title="Draft", body="<p>Before.</p>")
    editor = signed_in("Editors", "ed")
    form = editor.get(change_url(draft))
    publisher = make_officer("Publishers", "pat")
    publishing.publish(obj=Statement.objects.get(pk=draft.pk), user=publisher)

    response = editor.post(change_url(draft), form_data(form, "statement_form", body="<p>My long rewrite.</p>"))

    assert response.status_code == 409
    assertContains(response, "was published while you were editing it", status_code=409)
    assertContains(response, "My long rewrite.", status_code=409)
    assertContains(response, "pat", status_code=409)
    assertNotContains(response, 'id="conflict_form"', status_code=409)  # only Publishers change it now
    draft.refresh_from_db()
    assert draft.body == "<p>Before.</p>"


def test_an_officer_whose_record_was_deleted_meanwhile_gets_their_text_back():
    """A deletion while an Editor types: their text comes back with the explanation, not a redirect."""
    draft = make_statement(is_published=False)
    editor = signed_in("Editors", "ed")
    form = editor.get(change_url(draft))
    Statement.objects.get(pk=draft.pk).delete()

    response = editor.post(change_url(draft), form_data(form, "statement_form", title="What I typed"))

    assert response.status_code == 409
    assertContains(response, "was deleted while you were editing it", status_code=409)
    assertContains(response, "What I typed", status_code=409)


def test_a_save_from_the_latest_form_needs_no_conflict_page():
    """The version token changes nothing for an officer whose form is up to date."""
    live = make_statement(title="Original title")
    client = signed_in("Publishers", "ann")
    for title in ("One", "Two"):
        data = form_data(client.get(change_url(live)), "statement_form", title=title, change_kind="minor")
        assert client.post(change_url(live), data).status_code == 302
    live.refresh_from_db()
    assert live.title == "Two" and live.version == 3


def test_a_second_publish_of_the_same_draft_is_refused():
    """Two Publishers acting on the same loaded draft: the second is told it was already published."""
    draft = make_statement(is_published=False)
    ann, bob = make_officer("Publishers", "ann"), make_officer("Publishers", "bob")
    first, second = Statement.objects.get(pk=draft.pk), Statement.objects.get(pk=draft.pk)
    publishing.publish(obj=first, user=ann)

    with pytest.raises(publishing.AlreadyPublished) as refused:
        publishing.publish(obj=second, user=bob)

    assert refused.value.current.published_by == ann
    assert draft.history.filter(history_change_reason__startswith="Published").count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_publishers_at_once_on_two_connections_publish_once():
    """On PostgreSQL the row lock lets exactly one of two simultaneous publishes succeed."""
    draft = make_statement(is_published=False)
    users = [make_officer("Publishers", "ann"), make_officer("Publishers", "bob")]
    start = threading.Barrier(2)
    outcomes = []

    def publish_as(user):
        try:
            loaded = Statement.objects.get(pk=draft.pk)
            start.wait()
            publishing.publish(obj=loaded, user=user)
            outcomes.append("published")
        except publishing.AlreadyPublished:
            outcomes.append("already published")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish_as, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already published", "published"]
    assert draft.history.filter(history_change_reason__startswith="Published").count() == 1
