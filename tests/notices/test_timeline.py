"""The server-drawn timeline of notices on the notices list and the transparency index."""

import datetime
import re

import pytest
import time_machine
from pytest_django.asserts import assertContains, assertNotContains

from notices.models import BestValueNotice
from notices.timeline import Timeline
from tests.factories import make_notice

D = datetime.date
pytestmark = pytest.mark.django_db
URLS = ["/governance/transparency/best-value-notices/", "/governance/transparency/"]


@pytest.fixture
def chain():
    """Each notice published on the day it was issued (pages as they read come from history); read on 1 March 2024."""
    with time_machine.travel(datetime.datetime(2023, 1, 24, 12, tzinfo=datetime.UTC), tick=False):
        first = make_notice(slug="first", title="First notice", issued_on=D(2023, 1, 24), ends_on=D(2024, 6, 30))
    with time_machine.travel(datetime.datetime(2024, 1, 30, 12, tzinfo=datetime.UTC), tick=False):
        revised = make_notice(
            slug="revised", title="Revised notice", issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31), supersedes=first
        )
        make_notice(slug="draft", title="Draft notice", issued_on=D(2024, 2, 1), is_published=False)
    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield first, revised


def bars(content):
    return re.findall(
        r'<rect class="timeline__bar timeline__bar--(\w+)" x="([\d.]+)%" y="[\d.]+" width="([\d.]+)%"', content
    )


@pytest.mark.parametrize("url", URLS)
def test_timeline_draws_one_bar_per_published_notice(client, chain, url):
    content = client.get(url).content.decode()
    assert [status for status, _, _ in bars(content)] == ["superseded", "in_force"]
    assert "Draft notice" not in content


@pytest.mark.parametrize("url", URLS)
def test_timeline_marks_the_supersession_and_today(client, chain, url):
    """One dot where the first notice was replaced; today's dashed line crosses both rows."""
    content = client.get(url).content.decode()
    assert content.count('class="timeline__replaced"') == 1
    assert content.count('class="timeline__day"') == 2


@pytest.mark.parametrize("url", URLS)
def test_timeline_has_a_text_equivalent_for_screen_readers(client, chain, url):
    response = client.get(url)
    assertContains(response, '<div class="timeline__chart" aria-hidden="true">')
    assertContains(
        response,
        "<li>First notice: in force from 24 January 2023 to 29 January 2024; "
        "replaced by Revised notice from 30 January 2024. Status today: Replaced.</li>",
    )
    assertContains(
        response,
        "<li>Revised notice: in force from 30 January 2024 to 31 July 2024; it replaced First notice. "
        "Status today: In force.</li>",
    )


@pytest.mark.parametrize("url", URLS)
def test_pages_with_the_timeline_need_no_script_or_inline_style(client, chain, url):
    response = client.get(url)
    assertNotContains(response, "<script")
    assertNotContains(response, " style=")


def test_bars_run_from_start_to_in_force_until_and_meet_at_the_handover(chain):
    timeline = Timeline(
        BestValueNotice.objects.published().with_status(D(2024, 3, 1)).with_chain_ends(), day=D(2024, 3, 1)
    )
    first_bar, revised_bar = timeline.bars
    assert first_bar.x == timeline.x(D(2023, 1, 24))
    # The first bar ends where the revised one starts: no gap, no overlap.
    assert first_bar.x + first_bar.width == pytest.approx(revised_bar.x, abs=0.2)
    assert revised_bar.x + revised_bar.width == pytest.approx(timeline.x(D(2024, 8, 1)), abs=0.2)
    assert first_bar.successor.slug == "revised" and revised_bar.successor is None
    assert [tick.label for tick in timeline.ticks] == ["2023", "2024", "2025"]
    assert timeline.day_x == timeline.x(D(2024, 3, 1))


def test_timeline_as_it_stood_only_shows_notices_issued_by_then(client, chain):
    content = client.get("/governance/transparency/", {"on": "2023-06-01"}).content.decode()
    assert len(bars(content)) == 1
    assert "as it stood on 1 June 2023" in content
    assert "Status on 1 June 2023: In force." in content


def test_no_timeline_without_published_notices(client):
    make_notice(is_published=False)
    assertNotContains(client.get(URLS[0]), "<svg")


@pytest.mark.parametrize("url", URLS)
def test_timeline_escapes_notice_titles(client, url):
    """The SVG and its text are built in Python and marked safe, so every title must be escaped there."""
    make_notice(title='<script>alert("x")</script> & <b>bold</b>')
    response = client.get(url)
    assertNotContains(response, "<script>alert")
    assertNotContains(response, "<b>bold</b>")
    assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</span>")
    assertContains(
        response, "<li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;: in force"
    )


def test_a_notice_in_force_to_the_end_of_the_calendar_is_drawn_without_error():
    """A last day of 31 December 9999 draws a bar to the edge and about a dozen year ticks, not 8,000."""
    make_notice(issued_on=D(2024, 1, 30), ends_on=D(9999, 12, 31), title="Open-ended notice")
    notices = BestValueNotice.objects.published().with_status(D(2024, 3, 1)).with_chain_ends()
    timeline = Timeline(notices, day=D(2024, 3, 1))
    assert "Open-ended notice" in timeline.chart()
    assert 2 <= len(timeline.ticks) <= 13


def test_timeline_positions_are_percentages_so_its_text_keeps_its_size_at_any_width(client, chain):
    """No viewBox scales the drawing down on a phone: positions are percentages, the titles are HTML text."""
    content = client.get(URLS[0]).content.decode()
    assert "viewBox" not in content
    assert '<span class="timeline__label">First notice</span>' in content
    assert '<span class="timeline__dates">24 January 2023 to 29 January 2024</span>' in content
    assert re.search(r'<text class="timeline__year" x="[\d.]+%" dx="4" y="\d+">2023</text>', content)


def test_a_phone_shows_every_other_year_when_the_years_are_many():
    """Past six labelled years, alternate labels are marked for wide screens only, so none overlap at 320px."""
    make_notice(issued_on=D(2014, 1, 30), ends_on=D(2024, 12, 31), title="Long notice")
    timeline = Timeline(BestValueNotice.objects.published().with_status(D(2024, 3, 1)).with_chain_ends())
    chart = timeline.chart()
    assert chart.count('class="timeline__year"') == 6
    assert chart.count('class="timeline__year timeline__year--wide-only"') == 5


def test_an_open_ended_notice_is_drawn_to_the_day_shown_and_its_text_says_no_fixed_end_date(client):
    """Its end is not known: the bar reaches the day the page is about, and no end date is printed."""
    make_notice(issued_on=D(2023, 1, 24), no_fixed_end=True, title="Open notice")
    day = D(2023, 6, 1)
    timeline = Timeline(BestValueNotice.objects.published().with_status(day).with_chain_ends(), day=day)
    (bar,) = timeline.bars
    assert bar.open_ended
    assert bar.x + bar.width == pytest.approx(timeline.x(day + datetime.timedelta(days=1)), abs=0.2)
    assert [tick.label for tick in timeline.ticks] == ["2023", "2024"]
    assert "From 24 January 2023, with no fixed end date</span>" in timeline.chart()
    assert "timeline__bar--open-ended" in timeline.chart()
    assert timeline.text_list() == (
        "<li>Open notice: in force from 24 January 2023, with no fixed end date. Status today: In force.</li>"
    )
