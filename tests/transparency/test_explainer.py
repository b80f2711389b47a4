"""The "What is a Best Value Notice?" explainer and what the index says when no notice is in force."""

import datetime
import re

import pytest
import textstat
import time_machine
from django.template.loader import render_to_string
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_notice

D = datetime.date
pytestmark = pytest.mark.django_db
INDEX = "/governance/transparency/"
# Flesch-Kincaid grade 5 is a reading age of about 10; the explainer measures 4.2 (about 9).
MAX_GRADE = 5


def at(day):
    """Freeze the clock at noon on ``day``."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False)


def explainer_text():
    html = render_to_string("includes/notice_explainer.html")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def last_in_force(response):
    match = re.search(r'<p class="last-in-force">(.*?)</p>', response.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split()) if match else None


@pytest.fixture
def chain():
    """A notice replaced by a revised one that ran to 31 July 2024, each published on the day it was issued."""
    with at(D(2023, 1, 24)):
        first = make_notice(issued_on=D(2023, 1, 24), ends_on=D(2024, 1, 29), title="First notice", slug="first")
    with at(D(2024, 1, 30)):
        revised = make_notice(
            issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31), supersedes=first, title="Revised notice", slug="revised"
        )
    return first, revised


def test_explainer_reads_at_a_reading_age_of_about_nine():
    """Plain English: Flesch-Kincaid grade at most 5 (measured 4.2) and short sentences."""
    text = explainer_text()
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE
    assert textstat.flesch_reading_ease(text) >= 80
    assert max(len(sentence.split()) for sentence in re.split(r"[.?]", text)) <= 20


def test_explainer_says_who_issues_a_notice_under_what_duty_what_it_asks_how_long_and_what_next():
    """Each question a resident has is answered."""
    text = explainer_text()
    assert "What is a Best Value Notice?" in text
    assert "sent by the government department that looks after councils" in text  # who
    assert "Best Value duty" in text and "Local Government Act 1999" in text  # under what duty
    assert "says what needs to get better" in text  # what it asks
    assert "often six months" in text and "end it early" in text  # how long
    assert "When the time is up" in text and "send a new notice" in text  # what happens next
    assert "Your services carry on as normal" in text  # what it means for residents


def test_explainer_is_a_details_element_that_needs_no_javascript():
    """GOV.UK's details pattern: a native <details> with a <summary>, no script."""
    html = render_to_string("includes/notice_explainer.html")
    assert '<details class="details">' in html
    assert '<summary class="details__summary">' in html
    assert "<script" not in html


@pytest.mark.parametrize("page", ["index", "first", "revised"])
def test_explainer_is_on_the_index_and_every_notice_page(client, chain, page):
    """The index and each notice page carry the explainer."""
    url = INDEX if page == "index" else f"/governance/transparency/best-value-notices/{page}/"
    assertContains(client.get(url), "What is a Best Value Notice?", count=1)


def test_index_with_no_notice_in_force_names_the_last_one_and_says_it_was_not_reissued(client, chain):
    """After 31 July 2024: the revised notice was last in force, ended then and was not reissued."""
    with at(D(2024, 8, 1)):
        response = client.get(INDEX)
    assertContains(response, "No Best Value Notice is in force today.")
    assert last_in_force(response) == (
        "The last notice in force was Revised notice, issued on 30 January 2024. "
        "It ended on 31 July 2024 and was not reissued."
    )
    assertContains(response, '<a href="/governance/transparency/best-value-notices/revised/">Revised notice</a>')


def test_index_as_it_stood_names_the_last_notice_before_then(client, chain):
    """As it stood on a day after the end, the wording looks back from that day."""
    response = client.get(INDEX, {"on": "2024-09-01"})
    assert last_in_force(response) == (
        "The last notice in force before then was Revised notice, issued on 30 January 2024. "
        "It ended on 31 July 2024 and had not been reissued."
    )


def test_index_says_when_the_last_notice_was_lifted_early(client):
    """A withdrawn notice: the department lifted it early, and its last day in force is given."""
    make_notice(issued_on=D(2024, 1, 30), withdrawn_on=D(2024, 3, 10), title="Lifted notice")
    with at(D(2024, 4, 1)):
        response = client.get(INDEX)
    assert last_in_force(response) == (
        "The last notice in force was Lifted notice, issued on 30 January 2024. "
        "The department lifted it early: its last day in force was 9 March 2024."
    )


def test_index_names_a_published_successor_that_has_not_started_yet(client):
    """A gap between a notice and its successor: the page says when the new one comes into force."""
    first = make_notice(issued_on=D(2024, 1, 30), ends_on=D(2024, 2, 29), title="Old notice")
    make_notice(issued_on=D(2024, 3, 1), starts_on=D(2024, 4, 1), supersedes=first, title="New notice")
    with at(D(2024, 3, 15)):
        response = client.get(INDEX)
    assert last_in_force(response) == (
        "The last notice in force was Old notice, issued on 30 January 2024. It ended on 29 February 2024. "
        "A new notice, New notice, comes into force on 1 April 2024."
    )


def test_index_before_any_notice_says_only_that_none_is_in_force(client, chain):
    """Before the first notice there is no last one to name."""
    response = client.get(INDEX, {"on": "2022-06-01"})
    assertContains(response, "No Best Value Notice was in force on 1 June 2022.")
    assertNotContains(response, 'class="last-in-force"')
