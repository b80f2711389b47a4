import datetime

import pytest
import time_machine
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_area, make_chain, make_notice, make_statement
from tests.helpers import assert_queries_do_not_grow
from tests.pages import TITLE_SUFFIX, h1_count, page_title

D = datetime.date
pytestmark = pytest.mark.django_db


def at(day):
    """Freeze the clock at noon on ``day``."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def signposted():
    """A notice replaced by a revised one that ran to 31 July 2024, and a statement."""
    first = make_notice(issued_on=D(2023, 1, 24), ends_on=D(2024, 1, 29), title="First notice", slug="first")
    revised = make_notice(
        issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31), supersedes=first, title="Revised notice", slug="revised"
    )
    statement = make_statement(
        title="Our response", summary="What we said.", published_at=timezone.make_aware(datetime.datetime(2024, 2, 1))
    )
    return first, revised, statement


@pytest.mark.parametrize("url", ["/", "/governance/"])
def test_home_and_governance_link_straight_to_the_notice_in_force_the_latest_statement_and_the_list(
    client, signposted, url
):
    """One click to content: the notice in force today, the latest statement and the notices list, each explained."""
    _, revised, statement = signposted
    with at(D(2024, 3, 1)):
        response = client.get(url)
    assertContains(response, f'<a href="{revised.get_absolute_url()}">Revised notice</a>')
    assertContains(response, "The Best Value Notice in force today. The government issued it on 30 January 2024")
    assertContains(response, f'<a href="{statement.get_absolute_url()}">Our response</a>')
    assertContains(response, "Our latest statement, published on 1 February 2024. What we said.")
    assertContains(response, '<a href="/governance/transparency/best-value-notices/">All Best Value Notices</a>')
    assertNotContains(response, "First notice")


@pytest.mark.parametrize("url", ["/", "/governance/"])
def test_home_and_governance_link_to_the_last_notice_when_none_is_in_force(client, signposted, url):
    """After the revised notice ended, the pages lead to it and say it was not reissued."""
    _, revised, _ = signposted
    with at(D(2024, 8, 1)):
        response = client.get(url)
    assertContains(response, f'<a href="{revised.get_absolute_url()}">Revised notice</a>')
    assertContains(
        response,
        "No Best Value Notice is in force today. This was the last one: its last day in force was 31 July 2024 "
        "and it was not reissued.",
    )


def test_home_page_has_no_breadcrumb(client):
    """The home page is where a breadcrumb starts, so it shows none."""
    response = client.get("/")
    assertNotContains(response, 'aria-label="Breadcrumb"')
    assert page_title(response) == f"Home – {TITLE_SUFFIX}"


def test_governance_page_keeps_its_breadcrumb_and_title(client):
    """Governance: Home › Governance, and the page title of the section."""
    response = client.get("/governance/")
    assertContains(response, '<li aria-current="page">Governance</li>')
    assert page_title(response) == f"Governance – {TITLE_SUFFIX}"


@pytest.mark.parametrize("url", ["/", "/governance/", "/governance/transparency/"])
def test_every_page_has_one_h1_and_a_skip_link(client, url):
    """One h1 and a skip link to the main content on each landing page."""
    response = client.get(url)
    assert h1_count(response) == 1
    assertContains(response, '<a href="#main-content" class="skip-link">')
    assertContains(response, 'id="main-content"')


@pytest.mark.parametrize("url", ["/governance/", "/governance/transparency/"])
def test_pages_below_home_have_a_breadcrumb(client, url):
    """Every page but the home page shows where it sits."""
    assertContains(client.get(url), '<nav aria-label="Breadcrumb"')


def test_transparency_shows_the_notice_in_force_today_with_its_areas(client):
    notice = make_notice(issued_on=D(2024, 1, 30), title="Revised notice")
    make_area(notice, position=2, title="Second area")
    make_area(notice, position=1, title="First area")
    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC)):
        response = client.get("/governance/transparency/")
    assertContains(response, "Revised notice")
    assertContains(response, "Runs until 29 July 2024.")
    content = response.content.decode()
    assert content.index("First area") < content.index("Second area")
    assert page_title(response) == f"Transparency – {TITLE_SUFFIX}"


def test_transparency_says_when_no_notice_is_in_force(client):
    make_notice(issued_on=D(2020, 1, 1), title="Old notice")
    response = client.get("/governance/transparency/")
    assertContains(response, "No Best Value Notice is in force today.")
    assertContains(response, "Old notice")  # still listed among all notices


def test_transparency_lists_latest_statements_but_not_drafts_or_scheduled(client):
    make_statement(title="Live statement")
    make_statement(title="Draft statement", is_published=False)
    make_statement(title="Scheduled statement", published_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get("/governance/transparency/")
    assertContains(response, "Live statement")
    assertNotContains(response, "Draft statement")
    assertNotContains(response, "Scheduled statement")


def test_as_it_stood_shows_the_banner_and_the_notice_in_force_that_day(client, time_machine):
    """Each record is saved on the day it was published: the page reads what was public on 1 June 2023."""
    time_machine.move_to(timezone.make_aware(datetime.datetime(2023, 1, 24, 12)))
    first = make_notice(issued_on=D(2023, 1, 24), ends_on=D(2024, 6, 30), title="First notice")
    time_machine.move_to(timezone.make_aware(datetime.datetime(2024, 1, 30, 12)))
    make_notice(issued_on=D(2024, 1, 30), supersedes=first, title="Revised notice")
    make_statement(title="Later statement", published_at=timezone.make_aware(datetime.datetime(2024, 1, 30, 12)))
    response = client.get("/governance/transparency/?on=2023-06-01")
    assertContains(response, "You are viewing this page as it stood on 1 June 2023")
    assertContains(response, 'href="/governance/transparency/"')
    section = response.content.decode().split('id="statements-heading"')[1].split("</section>")[0]
    assert "Later statement" not in section
    in_force = response.content.decode().split('id="in-force-heading"')[1].split("</section>")[0]
    assert "First notice" in in_force and "Revised notice" not in in_force


def test_as_it_stood_on_a_future_day_never_reveals_scheduled_statements(client):
    make_statement(title="Scheduled statement", published_at=timezone.now() + datetime.timedelta(days=2))
    future = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    response = client.get(f"/governance/transparency/?on={future}")
    assertNotContains(response, "Scheduled statement")


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "yesterday", "x" * 10_000])
def test_as_it_stood_refuses_a_bad_date_with_400_and_a_message(client, value):
    response = client.get("/governance/transparency/", {"on": value})
    assert response.status_code == 400
    assertContains(response, "There is a problem", status_code=400)
    assertContains(response, 'href="#id_on-day"', status_code=400)


def test_as_it_stood_refuses_a_repeated_date(client):
    response = client.get("/governance/transparency/?on=2024-01-01&on=2024-02-01")
    assertContains(response, "only once", status_code=400)


def test_transparency_makes_the_same_number_of_queries_with_10_and_200_records(client):
    """2 notices and 2 statements listed, then 10 and 5: more rows shown, not more queries."""
    make_chain(2, start=timezone.localdate() - datetime.timedelta(days=30))  # the first is in force today
    assert_queries_do_not_grow(client, "/governance/transparency/", lambda: make_chain(198, start=D(1900, 1, 1)))
