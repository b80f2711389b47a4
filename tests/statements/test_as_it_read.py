"""A statement's page as it read on a day (?on=), and its public versions, rebuilt from history."""

import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.publishing import unpublish
from statements.models import Statement
from statements.services import publish_statement, withdraw_statement
from tests.factories import make_statement
from tests.helpers import assert_queries_do_not_grow, count_queries
from tests.officers import make_officer

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def correct(statement, *, kind, note="", **fields):
    for name, value in fields.items():
        setattr(statement, name, value)
    statement.change_kind, statement.change_note = kind, note
    statement.full_clean()
    statement.save()


@pytest.fixture
def corrected(time_machine):
    """Published 30 January 2024; a major correction on 2 February, a minor one on 5 February."""
    time_machine.move_to(at(2024, 1, 30, 9))
    statement = make_statement(published_at=at(2024, 1, 30, 9), body="<p>The deficit is 3 million.</p>")
    time_machine.move_to(at(2024, 2, 2, 10))
    correct(statement, kind="major", note="Corrected the deficit.", body="<p>The deficit is 4 million.</p>")
    time_machine.move_to(at(2024, 2, 5, 10))
    correct(statement, kind="minor", title="Statement on the deficit")
    time_machine.move_to(at(2024, 3, 1))
    return statement


def test_before_a_major_correction_the_page_reads_the_first_text_without_its_note(client, corrected):
    """On 1 February the page shows the text of 30 January and no change note yet."""
    response = client.get(corrected.get_absolute_url(), {"on": "2024-02-01"})
    assertContains(response, "The deficit is 3 million.")
    assertNotContains(response, "4 million")
    assertNotContains(response, "Corrected the deficit.")
    assertContains(response, "You are viewing this page as it read at the end of 1 February 2024.")


def test_after_a_major_correction_the_page_reads_the_new_text_and_its_note(client, corrected):
    """On 2 February, the day of the correction, the page shows the corrected text and the note."""
    response = client.get(corrected.get_absolute_url(), {"on": "2024-02-02"})
    assertContains(response, "The deficit is 4 million.")
    assertContains(response, "Corrected the deficit.")
    assertNotContains(response, "Statement on the deficit")


def test_a_minor_correction_shows_from_its_day(client, corrected):
    """The minor title change reads from 5 February, not before."""
    assertNotContains(client.get(corrected.get_absolute_url(), {"on": "2024-02-04"}), "Statement on the deficit")
    assertContains(client.get(corrected.get_absolute_url(), {"on": "2024-02-05"}), "Statement on the deficit")


def test_links_on_a_page_as_it_read_keep_the_day(client, corrected):
    """The breadcrumb back to the section keeps ?on=."""
    response = client.get(corrected.get_absolute_url(), {"on": "2024-02-01"})
    assertContains(response, '<a href="/governance/transparency/?on=2024-02-01">Transparency</a>')


def test_before_first_publication_the_page_is_404_naming_the_first_day(client, corrected):
    """On 29 January the statement was not public: 404 saying when it first was."""
    response = client.get(corrected.get_absolute_url(), {"on": "2024-01-29"})
    assertContains(response, "it was first public on 30 January 2024", status_code=404)


def test_a_bad_date_on_a_statement_page_is_400_with_a_message(client, corrected):
    """An impossible date is refused with the form's message, never a 500."""
    response = client.get(corrected.get_absolute_url(), {"on": "2024-02-30"})
    assertContains(response, "Enter a real date in the form YYYY-MM-DD", status_code=400)


def test_a_backdated_draft_published_later_is_public_from_its_publication(client, time_machine):
    """A draft dated 25 November and published on 2 December says "Published 2 December"
    and is not on the page as it read on 26 November."""
    time_machine.move_to(at(2024, 11, 25, 9))
    draft = make_statement(is_published=False, published_at=at(2024, 11, 25, 9), title="Late statement")
    time_machine.move_to(at(2024, 12, 2, 11), tick=False)
    publish_statement(statement=draft, user=make_officer("Publishers"))
    draft.refresh_from_db()
    assert draft.published_at == at(2024, 12, 2, 11) and draft.first_published_at == at(2024, 12, 2, 11)
    assertContains(client.get(draft.get_absolute_url()), 'Published <time datetime="2024-12-02T11:00:00+00:00">')
    response = client.get(draft.get_absolute_url(), {"on": "2024-11-26"})
    assertContains(response, "it was first public on 2 December 2024", status_code=404)
    index = client.get("/governance/transparency/", {"on": "2024-11-26"})
    assertNotContains(index, "Late statement")


def test_a_scheduled_statement_is_first_published_at_its_scheduled_time(time_machine):
    """Publishing for a future time records that time, not the day it was scheduled."""
    time_machine.move_to(at(2024, 1, 29, 15))
    draft = make_statement(is_published=False, published_at=at(2024, 2, 1, 9))
    publish_statement(statement=draft, user=make_officer("Publishers"))
    draft.refresh_from_db()
    assert draft.published_at == at(2024, 2, 1, 9) and draft.first_published_at == at(2024, 2, 1, 9)


def test_versions_list_every_public_state_with_its_note(client, corrected):
    """Three public versions: first publication, the major change with its note, the minor one."""
    response = client.get(corrected.get_versions_url())
    assertContains(response, "Version 3</a> (current)")
    assertContains(response, "First published")
    assertContains(response, "Corrected the deficit.")
    assertContains(response, "Minor change")
    assertNotContains(response, "Version 4")
    assertContains(response, '<meta name="robots" content="noindex">')


def test_a_version_page_reads_as_that_version_with_a_banner_and_its_own_canonical(client, corrected):
    """Version 1 reads the first text, names itself and links to the current version."""
    url = f"{corrected.get_versions_url()}1/"
    response = client.get(url)
    assertContains(response, "The deficit is 3 million.")
    assertContains(response, "You are reading version 1 of 3")
    assertContains(response, f'<a href="{corrected.get_absolute_url()}">Read the current version</a>')
    assertContains(response, f'<link rel="canonical" href="http://127.0.0.1:8000{url}">')
    assertContains(response, '<meta name="robots" content="noindex">')


def test_what_changed_is_shown_word_by_word(client, corrected):
    """The changes of version 2 mark the removed and the added word."""
    response = client.get(f"{corrected.get_versions_url()}2/changes/")
    assertContains(response, '<del><span class="visually-hidden">removed: </span>3</del>')
    assertContains(response, '<ins><span class="visually-hidden">added: </span>4</ins>')


@pytest.mark.parametrize("path", ["4/", "0/", "1/changes/", "4/changes/"])
def test_a_version_that_does_not_exist_is_404(client, corrected, path):
    """Unknown version numbers, and the changes of version 1, are not found."""
    assert client.get(f"{corrected.get_versions_url()}{path}").status_code == 404


def test_a_drafts_saves_are_not_versions(client, time_machine):
    """Saves made while a statement was a draft never become public versions."""
    time_machine.move_to(at(2024, 1, 10))
    draft = make_statement(is_published=False, body="<p>Early draft.</p>")
    correct(draft, kind=None, body="<p>Second draft.</p>")
    time_machine.move_to(at(2024, 1, 12))
    publish_statement(statement=draft, user=make_officer("Publishers"))
    response = client.get(draft.get_versions_url())
    assertContains(response, "Version 1</a> (current)")
    assertNotContains(response, "Version 2")
    assertNotContains(client.get(f"{draft.get_versions_url()}1/"), "Early draft.")


def test_a_withdrawn_statement_keeps_its_versions(client, time_machine):
    """Withdrawal is a public version: before it the page is not withdrawn, after it it is."""
    time_machine.move_to(at(2024, 1, 10))
    statement = make_statement(published_at=at(2024, 1, 10))
    time_machine.move_to(at(2024, 3, 1))
    withdraw_statement(statement=statement, user=make_officer("Publishers"), reason="it was replaced.")
    assertNotContains(client.get(f"{statement.get_versions_url()}1/"), "This statement was withdrawn")
    assertContains(client.get(f"{statement.get_versions_url()}2/"), "This statement was withdrawn")
    assertNotContains(client.get(statement.get_absolute_url(), {"on": "2024-02-01"}), "This statement was withdrawn")
    assertContains(client.get(statement.get_absolute_url(), {"on": "2024-03-01"}), "This statement was withdrawn")


def test_query_counts_stay_fixed_as_versions_grow(client, time_machine):
    """The page as it read, the versions list and a version page make as many queries with 12 versions as with 2."""
    time_machine.move_to(at(2024, 1, 10))
    statement = make_statement(published_at=at(2024, 1, 10))
    time_machine.move_to(at(2024, 1, 11))
    correct(statement, kind="minor", title="Version 2")
    urls = [
        statement.get_absolute_url() + "?on=2024-03-01",
        statement.get_versions_url(),
        f"{statement.get_versions_url()}2/",
        f"{statement.get_versions_url()}2/changes/",
    ]
    time_machine.move_to(at(2024, 3, 2))
    small = {url: count_queries(client, url) for url in urls}
    for number in range(3, 13):
        time_machine.move_to(at(2024, 1, 11 + number))
        correct(Statement.objects.get(pk=statement.pk), kind="minor", title=f"Version {number}")
    time_machine.move_to(at(2024, 3, 2))
    assert {url: count_queries(client, url) for url in urls} == small


def test_a_statement_taken_down_and_published_again_is_labelled_published_again(client, time_machine):
    """Unpublished on 1 February and published again on 5 February: version 2 says so, not "Minor change"."""
    publisher = make_officer("Publishers")
    time_machine.move_to(at(2024, 1, 30))
    statement = make_statement(published_at=at(2024, 1, 30))
    time_machine.move_to(at(2024, 2, 1))
    unpublish(obj=statement, user=publisher)
    time_machine.move_to(at(2024, 2, 5))
    publish_statement(statement=statement, user=publisher)
    time_machine.move_to(at(2024, 2, 6))
    response = client.get(statement.get_versions_url())
    assertContains(response, "Version 2</a> (current)")
    assertContains(response, "Published again")
    assertNotContains(response, "Minor change")
    assertContains(client.get(f"{statement.get_versions_url()}2/changes/"), "Published again")
    assertContains(client.get(statement.get_absolute_url(), {"on": "2024-02-03"}), "was not public", status_code=404)


def test_the_statements_list_as_it_read_shows_only_what_was_listed_that_day(client, time_machine):
    """On 1 February 2024: the statement published by then, its title then, links keeping the day;
    not the one published later nor the one withdrawn by then."""
    time_machine.move_to(at(2024, 1, 10))
    early = make_statement(published_at=at(2024, 1, 10), title="Early statement")
    withdrawn = make_statement(published_at=at(2024, 1, 10), title="Withdrawn statement")
    withdraw_statement(statement=withdrawn, user=make_officer("Publishers"), reason="it was issued in error.")
    time_machine.move_to(at(2024, 3, 1))
    make_statement(published_at=at(2024, 3, 1), title="Later statement")
    correct(early, kind="minor", title="Early statement, retitled")
    time_machine.move_to(at(2024, 4, 1))
    response = client.get("/governance/transparency/statements/", {"on": "2024-02-01"})
    assertContains(response, "You are viewing this page as it read at the end of 1 February 2024.")
    assertContains(response, f'<a href="{early.get_absolute_url()}?on=2024-02-01">Early statement</a>')
    assertNotContains(response, "retitled")
    assertNotContains(response, "Later statement")
    assertNotContains(response, "Withdrawn statement")
    assertContains(response, "1 statement, newest first.")
    today = client.get("/governance/transparency/statements/")
    assertContains(today, "Later statement")
    assertContains(today, "Early statement, retitled")


def test_the_statements_list_before_any_statement_says_none_had_been_published(client, corrected):
    response = client.get("/governance/transparency/statements/", {"on": "2023-06-01"})
    assertContains(response, "No statements had been published by the end of 1 June 2023.")


def test_a_bad_day_on_the_statements_list_is_400(client):
    response = client.get("/governance/transparency/statements/", {"on": "2024-02-30"})
    assert response.status_code == 400


def test_the_statements_list_as_it_read_keeps_the_day_across_pages_in_a_fixed_number_of_queries(client, time_machine):
    """Page links keep ?on=; more statements, and more versions of them, make no more queries."""
    time_machine.move_to(at(2024, 1, 10))
    for number in range(21):
        make_statement(published_at=at(2024, 1, 10), title=f"Statement {number}")
    time_machine.move_to(at(2024, 3, 1))
    url = "/governance/transparency/statements/?on=2024-02-01"
    assertContains(client.get(url), 'href="?on=2024-02-01&amp;page=2"')

    def grow():
        time_machine.move_to(at(2024, 1, 20))
        for number in range(10):
            statement = make_statement(published_at=at(2024, 1, 20), title=f"More {number}")
            correct(statement, kind="minor", title=f"More {number}, corrected")
        time_machine.move_to(at(2024, 3, 1))

    assert_queries_do_not_grow(client, url, grow)
