"""A notice's page as it read on a day (?on=): what was recorded by then, from history."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from notices.models import ImprovementArea
from tests.factories import make_area, make_notice
from tests.helpers import assert_queries_do_not_grow, count_queries

pytestmark = pytest.mark.django_db
D = datetime.date


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def chain(time_machine):
    """The first notice published on 24 January 2023; its successor published on 30 January 2024."""
    time_machine.move_to(at(2023, 1, 24))
    first = make_notice(issued_on=D(2023, 1, 24), ends_on=D(2024, 6, 30), title="First notice")
    time_machine.move_to(at(2024, 1, 30))
    revised = make_notice(issued_on=D(2024, 1, 30), supersedes=first, title="Revised notice")
    time_machine.move_to(at(2024, 12, 1))
    return first, revised


def test_before_its_successor_was_published_a_notice_reads_in_force_to_its_own_end(client, chain):
    """On 1 June 2023 the successor was unknown: in force until its own last day, no "Replaced by"."""
    first, _revised = chain
    response = client.get(first.get_absolute_url(), {"on": "2023-06-01"})
    assertContains(response, "Runs until 30 June 2024")
    assertNotContains(response, "Revised notice")


def test_after_its_successor_was_published_it_reads_superseded_with_links_keeping_the_day(client, chain):
    """On 1 March 2024 it reads replaced, and the link to the successor keeps ?on=."""
    first, revised = chain
    response = client.get(first.get_absolute_url(), {"on": "2024-03-01"})
    assertContains(response, "Replaced")
    assertContains(response, f'<a href="{revised.get_absolute_url()}?on=2024-03-01">Revised notice</a>')


def test_a_notice_not_yet_published_is_404_naming_its_first_day(client, chain):
    """The revised notice did not exist on 1 June 2023."""
    _first, revised = chain
    response = client.get(revised.get_absolute_url(), {"on": "2023-06-01"})
    assertContains(response, "it was first public on 30 January 2024", status_code=404)


def test_area_progress_reads_as_recorded_by_each_day(client, time_machine):
    """Progress recorded on 2 December and changed on 10 December reads as it was on each day."""
    time_machine.move_to(at(2024, 11, 20))
    notice = make_notice(issued_on=D(2024, 11, 20), title="Notice")
    area = make_area(notice, title="Board")
    time_machine.move_to(at(2024, 12, 2))
    area.progress, area.progress_note = "in_progress", "Meeting monthly."
    area.save()
    time_machine.move_to(at(2024, 12, 10))
    area = ImprovementArea.objects.get(pk=area.pk)
    area.progress = "complete"
    area.save()
    time_machine.move_to(at(2024, 12, 20))
    url = notice.get_absolute_url()
    assertContains(client.get(url, {"on": "2024-11-25"}), "Progress not yet reported")
    on_5th = client.get(url, {"on": "2024-12-05"})
    assertContains(on_5th, "In progress")
    assertNotContains(on_5th, "Complete")
    assertContains(client.get(url, {"on": "2024-12-11"}), "Complete")


def test_the_notice_versions_pages_answer(client, chain):
    """A notice has versions/, versions/1/ with a banner, both noindex."""
    first, _revised = chain
    listing = client.get(first.get_versions_url())
    assertContains(listing, "Version 1</a> (current)")
    version = client.get(f"{first.get_versions_url()}1/")
    assertContains(version, "You are reading version 1 of 1")
    assertContains(version, '<meta name="robots" content="noindex">')


def test_the_notices_list_as_it_read_shows_only_what_was_public_with_status_then(client, chain):
    """On 1 June 2023 the list has the first notice alone, in force, with links keeping the day."""
    first, _revised = chain
    response = client.get("/governance/transparency/best-value-notices/", {"on": "2023-06-01"})
    assertContains(response, "You are viewing this page as it read at the end of 1 June 2023.")
    assertContains(response, f'<a href="{first.get_absolute_url()}?on=2023-06-01">First notice</a>')
    assertNotContains(response, "Revised notice")
    assertContains(response, "1 notice")


def test_the_notices_list_filters_by_status_judged_on_the_day_read(client, chain):
    """On 1 March 2024 the first notice reads superseded; filtering by that status finds it alone."""
    response = client.get("/governance/transparency/best-value-notices/", {"on": "2024-03-01", "status": "superseded"})
    assertContains(response, "First notice")
    assertNotContains(response, "Revised notice</a></th>")
    assertContains(response, "with the status “replaced” on 1 March 2024")


def test_a_bad_day_on_the_notices_list_is_400(client, chain):
    """An impossible ?on= on the list is refused with a message naming the field."""
    response = client.get("/governance/transparency/best-value-notices/", {"on": "2024-02-30"})
    assertContains(response, "As it read on", status_code=400)


def test_the_csv_export_as_it_read_has_the_rows_and_statuses_of_that_day(client, chain):
    """The CSV at ?on=2023-06-01 has one row, in force, with no successor; its url keeps the day."""
    response = client.get("/governance/transparency/best-value-notices.csv", {"on": "2023-06-01"})
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [(row["title"], row["status"], row["superseded_by"]) for row in rows] == [("First notice", "in_force", "")]
    assert rows[0]["url"].endswith("?on=2023-06-01")


def test_the_json_export_as_it_read_has_the_areas_as_they_were(client, time_machine):
    """The JSON at a day lists each notice's areas with the progress recorded by then."""
    time_machine.move_to(at(2024, 11, 20))
    notice = make_notice(issued_on=D(2024, 11, 20), title="Notice")
    area = make_area(notice, title="Board")
    time_machine.move_to(at(2024, 12, 2))
    area.progress = "in_progress"
    area.save()
    response = client.get("/governance/transparency/best-value-notices.json", {"on": "2024-11-25"})
    body = json.loads(response.getvalue())
    assert body["filters"] == {"on": "2024-11-25"}
    assert body["results"][0]["improvement_areas"] == [
        {"position": 1, "title": "Board", "progress": "not_started", "carried_from": None, "progress_history": []}
    ]


def test_query_counts_stay_fixed_as_history_grows(client, chain, time_machine):
    """Every page and export read as it stood, and the versions pages, make the same number of
    queries with 2 saves of an area as with 22, and 2 versions of the notice as with 12."""
    first, revised = chain
    area = make_area(revised, title="Board")
    notice_url = revised.get_absolute_url()
    urls = [
        f"{notice_url}?on=2024-12-01",
        f"{first.get_absolute_url()}?on=2024-03-01",
        "/governance/transparency/?on=2024-12-01",
        "/governance/transparency/best-value-notices/?on=2024-12-01",
        "/governance/transparency/best-value-notices.csv?on=2024-12-01",
        "/governance/transparency/best-value-notices.json?on=2024-12-01",
        revised.get_versions_url(),
        f"{revised.get_versions_url()}1/",
    ]
    small = {url: count_queries(client, url) for url in urls}
    for number in range(20):
        area = ImprovementArea.objects.get(pk=area.pk)
        area.progress_note = f"Report {number}."
        area.save()
    for number in range(10):
        notice = type(revised).objects.get(pk=revised.pk)
        notice.title, notice.change_kind = f"Revised notice {number}", "minor"
        notice.full_clean()
        notice.save()
    assert {url: count_queries(client, url) for url in urls} == small


def test_version_pages_stay_out_of_the_sitemap(client, chain):
    """The sitemap lists records' pages, never their versions."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"/versions/" not in response.content


# A notice with no fixed end date, replaced later: what was known on each day


@pytest.fixture
def open_chain(time_machine):
    """The story of 2023: a notice with no fixed end date published on 24 January 2023, replaced by
    the revised notice published on 30 January 2024; read on 1 December 2024."""
    time_machine.move_to(at(2023, 1, 24))
    first = make_notice(issued_on=D(2023, 1, 24), no_fixed_end=True, title="First notice")
    time_machine.move_to(at(2024, 1, 30))
    revised = make_notice(issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31), supersedes=first, title="Revised notice")
    time_machine.move_to(at(2024, 12, 1))
    return first, revised


def test_an_open_ended_notice_read_before_its_successor_says_no_fixed_end_date(client, open_chain):
    """On 1 June 2023 nobody knew when it would end: no date is invented for it."""
    first, _revised = open_chain
    response = client.get(first.get_absolute_url(), {"on": "2023-06-01"})
    assertContains(response, "No fixed end date: it stays in force until a revised notice replaces it")
    assertContains(response, "<dd>From 24 January 2023, with no fixed end date</dd>", html=True)
    assertNotContains(response, "29 January 2024")
    assertNotContains(response, "Revised notice")


def test_an_open_ended_notice_read_after_its_successor_says_replaced_and_its_last_day(client, open_chain):
    """On 1 February 2024 it reads replaced, in force until 29 January 2024, the day before its successor."""
    first, _revised = open_chain
    response = client.get(first.get_absolute_url(), {"on": "2024-02-01"})
    assertContains(response, "Replaced")
    assertContains(response, "<dd>24 January 2023 to 29 January 2024 (it had no fixed end date)</dd>", html=True)


def test_the_index_on_a_day_says_the_notice_in_force_had_no_fixed_end_date(client, open_chain):
    """The in-force block and the timeline's text on 1 June 2023 name no end date."""
    response = client.get("/governance/transparency/", {"on": "2023-06-01"})
    in_force = response.content.decode().split('id="in-force-heading"')[1].split("</section>")[0]
    assert "No fixed end date" in in_force
    assert "29 January 2024" not in in_force
    assertContains(response, "<li>First notice: in force from 24 January 2023, with no fixed end date.")
    later = client.get("/governance/transparency/", {"on": "2024-02-01"})
    assertContains(later, "<li>First notice: in force from 24 January 2023 to 29 January 2024; replaced by")


def test_the_notices_list_on_a_day_says_no_fixed_end_date(client, open_chain):
    response = client.get("/governance/transparency/best-value-notices/", {"on": "2023-06-01"})
    assertContains(response, "From 24 January 2023, with no fixed end date")
    assertNotContains(response, "29 January 2024")


def csv_rows(client, day):
    response = client.get("/governance/transparency/best-value-notices.csv", {"on": day})
    return {row["title"]: row for row in csv.DictReader(io.StringIO(response.getvalue().decode()))}


def json_results(client, day):
    response = client.get("/governance/transparency/best-value-notices.json", {"on": day})
    return {result["title"]: result for result in json.loads(response.getvalue())["results"]}


def test_the_exports_leave_an_unknown_end_empty_then_give_the_last_day_once_known(client, open_chain):
    """CSV and JSON at 1 June 2023: no end date and no last day; at 1 February 2024: replaced, until 29 January."""
    _first, revised = open_chain
    row = csv_rows(client, "2023-06-01")["First notice"]
    assert (row["ends_on"], row["in_force_until"], row["status"]) == ("", "", "in_force")
    result = json_results(client, "2023-06-01")["First notice"]
    assert (result["ends_on"], result["in_force_until"], result["status"]) == (None, None, "in_force")
    row = csv_rows(client, "2024-02-01")["First notice"]
    assert (row["ends_on"], row["in_force_until"], row["status"]) == ("", "2024-01-29", "superseded")
    assert row["superseded_by"] == revised.slug
    result = json_results(client, "2024-02-01")["First notice"]
    assert (result["ends_on"], result["in_force_until"], result["status"]) == (None, "2024-01-29", "superseded")


def test_the_in_force_filter_on_a_day_finds_the_open_ended_notice(client, open_chain):
    """``in_force_on`` at a past reading counts a notice with no end date as in force from its start."""
    rows = client.get(
        "/governance/transparency/best-value-notices.csv", {"on": "2023-06-01", "in_force_on": "2023-06-01"}
    )
    assert [row["title"] for row in csv.DictReader(io.StringIO(rows.getvalue().decode()))] == ["First notice"]


def test_the_json_export_as_it_read_names_the_earlier_areas_in_a_fixed_number_of_queries(client, chain):
    """Each area's ``carried_from`` is read with the areas rebuilt, not one query per area."""
    first, revised = chain
    url = "/governance/transparency/best-value-notices.json?on=2024-12-01"
    earlier = make_area(first, position=1, title="Earlier 1")
    make_area(revised, position=1, title="Later 1", carried_from=earlier)

    def grow():
        for position in range(2, 12):
            earlier = make_area(first, position=position, title=f"Earlier {position}")
            make_area(revised, position=position, title=f"Later {position}", carried_from=earlier)

    assert_queries_do_not_grow(client, url, grow)
    results = json_results(client, "2024-12-01")
    areas = results["Revised notice"]["improvement_areas"]
    assert len(areas) == 11
    assert [area["carried_from"] for area in areas[:2]] == [
        {"notice": first.slug, "position": 1},
        {"notice": first.slug, "position": 2},
    ]
    assert [area["carried_from"] for area in results["First notice"]["improvement_areas"]] == [None] * 11
