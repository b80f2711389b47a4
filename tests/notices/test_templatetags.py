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


def test_status_line_of_an_upcoming_notice_says_when_it_comes_into_force(chain):
    first, _ = chain
    assert status_line(first, D(2023, 1, 23)) == (
        '<p class="status status--upcoming"><strong class="tag">Upcoming</strong>\n'
        "Comes into force on 24 January 2023\n</p>\n"
    )


def test_status_line_of_a_notice_in_force_says_until_when(chain):
    first, _ = chain
    assert status_line(first, D(2024, 1, 31)) == (
        '<p class="status status--in_force"><strong class="tag">In force</strong>\n'
        "In force until 31 January 2024\n</p>\n"
    )


def test_status_line_of_a_replaced_notice_links_to_its_successor_with_the_title_escaped(chain):
    first, _ = chain
    assert status_line(first, D(2024, 2, 1)) == (
        '<p class="status status--superseded"><strong class="tag">Superseded</strong>\n'
        'Replaced by <a href="/governance/transparency/best-value-notices/second/">Second &lt;revised&gt; &amp; final'
        "</a> on 1 February 2024\n</p>\n"
    )


def test_status_line_of_a_withdrawn_notice_gives_the_day_it_was_withdrawn():
    notice = make_notice(issued_on=D(2024, 1, 30), withdrawn_on=D(2024, 3, 10))
    assert status_line(notice, D(2024, 3, 10)) == (
        '<p class="status status--withdrawn"><strong class="tag">Withdrawn</strong>\nWithdrawn on 10 March 2024\n</p>\n'
    )


def test_status_line_of_an_expired_notice_gives_its_last_day_in_force():
    notice = make_notice(issued_on=D(2024, 1, 30))
    assert status_line(notice, D(2024, 7, 30)) == (
        '<p class="status status--expired"><strong class="tag">Expired</strong>\nExpired on 29 July 2024</p>\n'
    )
