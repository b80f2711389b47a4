import datetime

import pytest
import time_machine
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_area, make_chain, make_first_and_revised, make_notice, make_statement
from tests.helpers import assert_queries_do_not_grow
from tests.pages import TITLE_SUFFIX, h1_count, page_title

D = datetime.date
pytestmark = pytest.mark.django_db


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False)


def test_notice_page_shows_status_dates_chain_areas_and_statements(client):
    first, revised = make_first_and_revised(issued_by="Dept X")
    make_area(revised, position=1, title="Improvement Board", progress="in_progress", progress_note="Meeting monthly.")
    published_at = datetime.datetime(2024, 1, 30, 12, tzinfo=datetime.UTC)
    make_statement(notice=revised, title="Our response", published_at=published_at)
    make_statement(notice=revised, title="Hidden draft", published_at=published_at, is_published=False)
    with on(D(2024, 3, 1)):
        response = client.get(revised.get_absolute_url())
    assertContains(response, "Runs until 31 July 2024.")
    assertContains(response, "Dept X")
    assertContains(response, "30 January 2024 to 31 July 2024")
    assertContains(response, f'<a href="{first.get_absolute_url()}">First notice</a>')
    assertContains(response, "Improvement Board")
    assertContains(response, "In progress")
    assertContains(response, "Meeting monthly.")
    assertContains(response, "Our response")
    assertNotContains(response, "Hidden draft")
    assert page_title(response) == f"Revised notice – Transparency – {TITLE_SUFFIX}"
    assert h1_count(response) == 1


def test_superseded_notice_page_links_to_its_replacement(client, first_and_revised):
    first, revised = first_and_revised
    with on(D(2024, 3, 1)):
        response = client.get(first.get_absolute_url())
    assertContains(response, "Replaced by")
    assertContains(response, f'href="{revised.get_absolute_url()}"')
    assertContains(response, "24 January 2023 to 29 January 2024")


def test_expired_notice_says_when_it_expired(client):
    notice = make_notice(issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31))
    with on(D(2024, 8, 1)):
        assertContains(client.get(notice.get_absolute_url()), "Ended on 31 July 2024.")


def test_draft_successor_is_not_shown_on_the_public_page(client):
    first = make_notice(issued_on=D(2024, 1, 30), title="First notice")
    draft = make_notice(issued_on=D(2024, 3, 1), supersedes=first, is_published=False, title="Secret draft")
    response = client.get(first.get_absolute_url())
    assertNotContains(response, "Secret draft")
    assertNotContains(response, draft.get_absolute_url())


def test_draft_and_unknown_notices_give_404(client):
    draft = make_notice(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/governance/transparency/best-value-notices/no-such-notice/").status_code == 404


def test_notice_list_is_newest_issued_first_and_hides_drafts(client):
    make_notice(issued_on=D(2023, 1, 24), title="Older notice")
    make_notice(issued_on=D(2024, 1, 30), title="Newer notice")
    make_notice(issued_on=D(2024, 5, 1), title="Draft notice", is_published=False)
    response = client.get("/governance/transparency/best-value-notices/")
    content = response.content.decode()
    assert content.index("Newer notice") < content.index("Older notice")
    assertNotContains(response, "Draft notice")
    assert page_title(response) == f"Best Value Notices – Transparency – {TITLE_SUFFIX}"


def test_notice_list_is_paginated(client):
    make_chain(25, areas=0, statements=0)
    assertContains(client.get("/governance/transparency/best-value-notices/"), "Page 1 of 2")
    assertContains(client.get("/governance/transparency/best-value-notices/?page=2"), "Page 2 of 2")


def test_notice_pages_make_the_same_number_of_queries_with_10_and_200_records(client):
    notices = make_chain(10)
    urls = ["/governance/transparency/best-value-notices/", notices[5].get_absolute_url()]
    assert_queries_do_not_grow(client, urls, lambda: make_chain(190, start=D(2010, 1, 1), areas=3, statements=2))


def test_the_departments_publication_is_linked_with_words_not_its_address(client):
    """A bare address as link text says nothing to a screen reader user; the link reads what it does."""
    url = "https://www.gov.uk/government/publications/example-best-value-notice"
    notice = make_notice(issued_on=D(2024, 1, 30), source_url=url)
    response = client.get(notice.get_absolute_url())
    assertContains(response, f'<a href="{url}">Read the notice on the department\'s website</a>', html=True)
    assertNotContains(response, f">{url}<")


def test_progress_tags_differ_by_colour_class_and_by_words(client):
    """Each progress has its own GOV.UK tag colour and its own words; unreported progress says so."""
    notice = make_notice(issued_on=D(2024, 1, 30))
    make_area(notice, position=1, title="Done", progress="complete", progress_note="Finished.")
    make_area(notice, position=2, title="Going", progress="in_progress", progress_note="Under way.")
    make_area(notice, position=3, title="Waiting", progress="not_started", progress_note="Planned.")
    make_area(notice, position=4, title="Silent")
    response = client.get(notice.get_absolute_url())
    assertContains(response, '<span class="tag tag--complete">Complete</span>')
    assertContains(response, '<span class="tag tag--in_progress">In progress</span>')
    assertContains(response, '<span class="tag tag--not_started">Not started</span>')
    assertContains(response, '<span class="tag">No progress was reported while this notice was in force</span>')


def test_a_notice_with_no_fixed_end_date_says_so_today_on_its_page_the_list_and_the_index(client):
    """In force with no end date known: no date is printed as its last day anywhere."""
    notice = make_notice(issued_on=D(2023, 1, 24), no_fixed_end=True, title="Open notice")
    with on(D(2023, 6, 1)):
        page = client.get(notice.get_absolute_url())
        listing = client.get("/governance/transparency/best-value-notices/")
        index = client.get("/governance/transparency/")
        home = client.get("/")
    assertContains(page, "No fixed end date: it stays in force until a revised notice replaces it")
    assertContains(page, "<dd>From 24 January 2023, with no fixed end date</dd>", html=True)
    assertContains(listing, "From 24 January 2023, with no fixed end date")
    in_force = index.content.decode().split('id="in-force-heading"')[1].split("</section>")[0]
    assert "Open notice" in in_force and "No fixed end date" in in_force
    assertContains(home, "it has no fixed end date.")
    assertNotContains(page, "Runs until")


def test_a_replaced_notice_with_no_fixed_end_date_reads_its_last_day_from_the_successor(client):
    first = make_notice(issued_on=D(2023, 1, 24), no_fixed_end=True, title="First notice")
    make_notice(issued_on=D(2024, 1, 30), supersedes=first, title="Revised notice")
    with on(D(2024, 3, 1)):
        response = client.get(first.get_absolute_url())
    assertContains(response, "<dd>24 January 2023 to 29 January 2024 (it had no fixed end date)</dd>", html=True)
    assertContains(response, "Replaced by")
