"""The status line every notice page and list shows: one sentence per status, as of the day given."""

import datetime

import pytest
from django.template import engines

from notices.models import BestValueNotice
from tests.factories import make_notice

D = datetime.date
pytestmark = pytest.mark.django_db


def status_line(notice, day):
    notice = BestValueNotice.objects.with_status(day).with_chain_ends().get(pk=notice.pk)
    return engines["django"].from_string("{% load notice_tags %}{% notice_status notice %}").render({"notice": notice})


@pytest.fixture
def chain():
    first = make_notice(issued_on=D(2023, 1, 24), ends_on=D(2024, 6, 30), title="First")
    second = make_notice(issued_on=D(2024, 2, 1), supersedes=first, title="Second <revised> & final", slug="second")
    return first, second


def line(status, label, detail):
    return (
        f'<p class="status status--{status}"><strong class="tag tag--{status}">{label}</strong>\n'
        f'<span class="status__detail">{detail}</span></p>\n'
    )


def test_status_line_of_an_upcoming_notice_says_when_it_comes_into_force(chain):
    """Before its first day: "Upcoming" and the day it comes into force."""
    first, _ = chain
    assert status_line(first, D(2023, 1, 23)) == line("upcoming", "Upcoming", "Comes into force on 24 January 2023.")


def test_status_line_of_a_notice_in_force_says_until_when(chain):
    """In force: the sentence gives the last day without repeating "in force"."""
    first, _ = chain
    assert status_line(first, D(2024, 1, 31)) == line("in_force", "In force", "Runs until 31 January 2024.")


def test_status_line_of_a_replaced_notice_links_to_its_successor_with_the_title_escaped(chain):
    """Superseded reads "Replaced"; the sentence names the successor (escaped) and its first day."""
    first, _ = chain
    assert status_line(first, D(2024, 2, 1)) == line(
        "superseded",
        "Replaced",
        '<a href="/governance/transparency/best-value-notices/second/">Second &lt;revised&gt; &amp; final</a>'
        " took its place on 1 February 2024.",
    )


def test_status_line_of_a_withdrawn_notice_gives_the_day_it_was_withdrawn():
    """Withdrawn: the day the department lifted it."""
    notice = make_notice(issued_on=D(2024, 1, 30), withdrawn_on=D(2024, 3, 10))
    assert status_line(notice, D(2024, 3, 10)) == line(
        "withdrawn", "Withdrawn", "Lifted early by the department on 10 March 2024."
    )


def test_status_line_of_an_expired_notice_gives_its_last_day_in_force():
    """Expired: the last day in force, without repeating "expired"."""
    notice = make_notice(issued_on=D(2024, 1, 30))
    assert status_line(notice, D(2024, 7, 30)) == line("expired", "Expired", "Ended on 29 July 2024.")


@pytest.mark.parametrize("day", [D(2023, 1, 23), D(2024, 1, 31), D(2024, 2, 1), D(2024, 8, 1)])
def test_the_sentence_after_the_tag_never_repeats_the_tags_word(chain, day):
    """Tag and sentence are read together, so the sentence does not say the tag's word again."""
    first, _ = chain
    rendered = status_line(first, day)
    label = rendered.split('">', 2)[2].split("</strong>")[0]
    detail = rendered.split('<span class="status__detail">')[1]
    assert label.lower() not in detail.lower()
