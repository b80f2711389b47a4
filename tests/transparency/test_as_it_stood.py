"""The transparency index as it stood on a day, on the demo content (the real story of 2023–2024)."""

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertNotContains

from tests.pages import TITLE_SUFFIX, h1_count, page_title

pytestmark = pytest.mark.django_db
URL = "/governance/transparency/"
FIRST = "Best Value Notice, January 2023"
REVISED = "Revised Best Value Notice, January 2024"
STATEMENT = "Statement in response to Best Value Notice update"


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def section(response, heading_id):
    return response.content.decode().split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_on_a_day_in_2023_the_first_notice_is_in_force_and_nothing_later_shows(client, demo):
    response = client.get(URL, {"on": "2023-06-01"})
    assert response.status_code == 200
    assertContains(response, "You are viewing this page as it stood on 1 June 2023.")
    assertContains(response, '<a href="/governance/transparency/">View this page as it is today</a>')
    in_force = section(response, "in-force-heading")
    assert "Best Value Notice in force on 1 June 2023" in in_force
    assert FIRST in in_force and REVISED not in in_force
    # The demo notice of 2023 set no end date, and its successor was not yet known.
    assert "No fixed end date" in in_force and "29 January 2024" not in in_force
    # The statement of 30 January 2024 and the revised notice did not exist yet.
    assert STATEMENT not in section(response, "statements-heading")
    assert "No statements had been published." in section(response, "statements-heading")
    assertNotContains(response, REVISED)
    assert page_title(response) == f"Transparency on 1 June 2023 – {TITLE_SUFFIX}"
    assert h1_count(response) == 1


def test_on_1_march_2024_the_revised_notice_is_in_force_with_its_five_areas(client, demo):
    response = client.get(URL, {"on": "2024-03-01"})
    assertContains(response, "You are viewing this page as it stood on 1 March 2024.")
    in_force = section(response, "in-force-heading")
    assert REVISED in in_force and f">{FIRST}<" not in in_force
    assert "Runs until 31 July 2024." in in_force
    areas = [
        "Independent Improvement Board",
        "The improvement plan",
        "Culture across the organisation",
        "Strategic priorities, with partners",
        "Working with the department",
    ]
    positions = [in_force.index(area) for area in areas]
    assert positions == sorted(positions)
    assert STATEMENT in section(response, "statements-heading")
    # What replaced what: the first notice reads "Replaced" on that day.
    all_notices = section(response, "all-notices-heading")
    assert ">Replaced</strong>" in all_notices and "took its place on 30 January 2024." in all_notices


def test_on_the_day_of_the_handover_each_notice_is_in_force_only_on_its_own_days(client, demo):
    last_day = section(client.get(URL, {"on": "2024-01-29"}), "in-force-heading")
    assert FIRST in last_day and REVISED not in last_day
    first_day = section(client.get(URL, {"on": "2024-01-30"}), "in-force-heading")
    assert REVISED in first_day and f">{FIRST}<" not in first_day


def test_after_the_revised_notice_ended_no_notice_is_in_force(client, demo):
    response = client.get(URL, {"on": "2024-08-01"})
    assertContains(response, "No Best Value Notice was in force on 1 August 2024.")


def test_as_it_stood_form_is_labelled_with_a_hint_and_keeps_the_day(client, demo):
    """The day shown fills the date input's boxes, under a legend and a hint."""
    response = client.get(URL, {"on": "2024-03-01"})
    assertContains(response, '<legend class="fieldset__legend">Date</legend>')
    assertContains(response, '<fieldset class="fieldset" role="group" aria-describedby="id_on-hint">')
    assertContains(
        response, 'name="on-day" type="text" inputmode="numeric" spellcheck="false" autocomplete="off" value="1"'
    )
    assertContains(
        response, 'name="on-month" type="text" inputmode="numeric" spellcheck="false" autocomplete="off" value="3"'
    )
    assertContains(
        response, 'name="on-year" type="text" inputmode="numeric" spellcheck="false" autocomplete="off" value="2024"'
    )


def test_as_it_stood_keeps_a_bad_date_and_says_what_to_enter(client, demo):
    response = client.get(URL, {"on": "2024-02-30"})
    assertContains(
        response,
        'name="on-day" type="text" inputmode="numeric" spellcheck="false" autocomplete="off" value="30"',
        status_code=400,
    )
    assertContains(response, "Enter a real date in the form YYYY-MM-DD", status_code=400)
    assertNotContains(response, "You are viewing this page as it stood", status_code=400)
    assert page_title(response) == f"Error: Transparency – {TITLE_SUFFIX}"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_as_it_stood_answers_the_first_and_last_representable_days(client, demo, day):
    """31 December 9999 has no next day; the page must still answer, never a 500."""
    response = client.get(URL, {"on": day})
    assertContains(response, "You are viewing this page as it stood on")
