"""The auditors' filters on the notices list and on both exports."""

import csv
import datetime
import io
import json
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from notices.models import BestValueNotice
from tests.factories import make_chain, make_notice
from tests.helpers import assert_queries_do_not_grow
from tests.pages import TITLE_SUFFIX, h1_count, page_title

D = datetime.date
pytestmark = pytest.mark.django_db
LIST_URL = "/governance/transparency/best-value-notices/"
CSV_URL = "/governance/transparency/best-value-notices.csv"
JSON_URL = "/governance/transparency/best-value-notices.json"


@pytest.fixture
def notices(today, first_and_revised):
    """One notice of each kind; on 1 March 2024 each has a different status."""
    first, revised = first_and_revised
    return {
        "first": first,  # superseded: in force 24 Jan 2023 to 29 Jan 2024
        "revised": revised,  # in force 30 Jan 2024 to 31 Jul 2024
        "withdrawn": make_notice(slug="withdrawn", issued_on=D(2022, 3, 1), withdrawn_on=D(2022, 5, 1)),
        "expired": make_notice(slug="expired", issued_on=D(2021, 1, 1)),  # in force to 30 June 2021
        "upcoming": make_notice(slug="upcoming", issued_on=D(2024, 2, 20), starts_on=D(2024, 9, 1)),
        "draft": make_notice(slug="draft", issued_on=D(2024, 2, 15), is_published=False),
    }


def listed_slugs(client, url, query):
    """The slugs a page or export returns for ``query``, in its order."""
    response = client.get(url, query)
    assert response.status_code == 200, response.getvalue()[:500]
    if url == LIST_URL:
        return [notice.slug for notice in response.context["notices"]]
    if url == CSV_URL:
        return [row["slug"] for row in csv.DictReader(io.StringIO(response.getvalue().decode("utf-8")))]
    return [result["slug"] for result in json.loads(response.getvalue())["results"]]


ENDPOINTS = [LIST_URL, CSV_URL, JSON_URL]
CASES = [
    # Nothing given: every published notice, newest issued first, never the draft.
    ({}, ["upcoming", "revised", "first", "withdrawn", "expired"]),
    # issued_from and issued_to alone and together, both ends inclusive.
    ({"issued_from": "2024-01-30"}, ["upcoming", "revised"]),
    ({"issued_from": "2024-01-31"}, ["upcoming"]),
    ({"issued_to": "2023-01-24"}, ["first", "withdrawn", "expired"]),
    ({"issued_to": "2023-01-23"}, ["withdrawn", "expired"]),
    ({"issued_from": "2024-01-30", "issued_to": "2024-01-30"}, ["revised"]),
    ({"issued_from": "2023-01-01", "issued_to": "2024-12-31"}, ["upcoming", "revised", "first"]),
    # in_force_on: first day, last day, the day after; superseded from the successor's first day.
    ({"in_force_on": "2023-01-24"}, ["first"]),
    ({"in_force_on": "2023-01-23"}, []),
    ({"in_force_on": "2024-01-29"}, ["first"]),
    ({"in_force_on": "2024-01-30"}, ["revised"]),
    ({"in_force_on": "2024-07-31"}, ["revised"]),
    ({"in_force_on": "2024-08-01"}, []),
    ({"in_force_on": "2024-09-01"}, ["upcoming"]),
    # Withdrawn: in force up to the day before withdrawal, not on it.
    ({"in_force_on": "2022-04-30"}, ["withdrawn"]),
    ({"in_force_on": "2022-05-01"}, []),
    # The draft, though dated in force, is never listed.
    ({"in_force_on": "2024-02-15"}, ["revised"]),
    # status, judged today (1 March 2024).
    ({"status": "in_force"}, ["revised"]),
    ({"status": "superseded"}, ["first"]),
    ({"status": "withdrawn"}, ["withdrawn"]),
    ({"status": "expired"}, ["expired"]),
    ({"status": "upcoming"}, ["upcoming"]),
    ({"status": ""}, ["upcoming", "revised", "first", "withdrawn", "expired"]),
    # Combined.
    ({"issued_from": "2023-01-01", "issued_to": "2024-12-31", "status": "superseded"}, ["first"]),
    ({"issued_from": "2023-01-01", "issued_to": "2024-12-31", "in_force_on": "2024-03-01"}, ["revised"]),
    ({"issued_from": "2024-01-01", "in_force_on": "2024-01-29"}, []),
    ({"in_force_on": "2024-01-29", "status": "superseded"}, ["first"]),
    ({"in_force_on": "2024-03-01", "status": "superseded"}, []),
    (
        {"issued_from": "2021-01-01", "issued_to": "2024-02-20", "in_force_on": "2024-03-01", "status": "in_force"},
        ["revised"],
    ),
]


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize(("query", "expected"), CASES)
def test_filters_select_exactly_the_right_notices(client, notices, url, query, expected):
    """Each filter alone and combined, on the boundary days, the same on the list and both exports."""
    assert listed_slugs(client, url, query) == expected


def test_list_says_how_many_notices_match_and_why(client, notices):
    response = client.get(LIST_URL, {"issued_from": "2023-01-01", "issued_to": "2024-12-31"})
    assertContains(response, "3 notices issued between 1 January 2023 and 31 December 2024.")


def test_list_describes_every_filter_in_the_count(client, notices):
    response = client.get(LIST_URL, {"issued_from": "2023-01-01", "in_force_on": "2024-01-29", "status": "superseded"})
    assertContains(response, "1 notice issued on or after 1 January 2023, in force on 29 January 2024 and")
    assertContains(response, "with the status “replaced” today.")


def boxes(response, name):
    """The day, month and year the date input of field ``name`` shows."""
    content = response.content.decode()
    return tuple(
        re.search(rf'name="{name}-{part}" type="text"[^>]* value="([^"]*)"', content).group(1)
        for part in ("day", "month", "year")
    )


def test_list_form_keeps_the_values_given(client, notices):
    """ISO dates in the address fill the day, month and year boxes; the status stays chosen."""
    response = client.get(LIST_URL, {"issued_from": "2023-01-01", "in_force_on": "2024-01-29", "status": "superseded"})
    assert boxes(response, "issued_from") == ("1", "1", "2023")
    assert boxes(response, "in_force_on") == ("29", "1", "2024")
    assert boxes(response, "issued_to") == ("", "", "")
    assertContains(response, '<option value="superseded" selected>Replaced</option>')


def test_list_form_has_labels_and_hints(client, notices):
    """Each date is a fieldset with a legend, a hint and three labelled boxes (GOV.UK date input)."""
    response = client.get(LIST_URL)
    for name, label in [("issued_from", "Issued from"), ("issued_to", "Issued to"), ("in_force_on", "In force on")]:
        assertContains(response, f'<fieldset class="fieldset" role="group" aria-describedby="id_{name}-hint">')
        assertContains(response, f'<legend class="fieldset__legend">{label}</legend>')
        assertContains(response, f'<p class="hint" id="id_{name}-hint">')
        for part in ("Day", "Month", "Year"):
            assertContains(
                response, f'<label class="label date-input__label" for="id_{name}-{part.lower()}">{part}</label>'
            )
    assertContains(response, '<label for="id_status" class="label">Status today</label>')
    assert h1_count(response) == 1
    assert page_title(response) == f"Best Value Notices – Transparency – {TITLE_SUFFIX}"


def test_list_links_to_both_exports_with_the_current_filters(client, notices):
    response = client.get(LIST_URL, {"issued_from": "2023-01-01", "issued_to": "2024-12-31"})
    assertContains(response, f'href="{CSV_URL}?issued_from=2023-01-01&amp;issued_to=2024-12-31"')
    assertContains(response, f'href="{JSON_URL}?issued_from=2023-01-01&amp;issued_to=2024-12-31"')


def test_list_without_filters_links_to_the_full_exports(client, notices):
    response = client.get(LIST_URL)
    assertContains(response, f'href="{CSV_URL}"')
    assertContains(response, f'href="{JSON_URL}"')


def test_pagination_keeps_the_filters(client):
    make_chain(30, start=D(2001, 1, 1), areas=0, statements=0)
    response = client.get(LIST_URL, {"issued_from": "2002-01-01"})
    count = BestValueNotice.objects.filter(issued_on__gte=D(2002, 1, 1)).count()
    assert count > 20
    assertContains(response, f"{count} notices issued on or after 1 January 2002.")
    assertContains(response, 'href="?issued_from=2002-01-01&amp;page=2"')
    second = client.get(LIST_URL, {"issued_from": "2002-01-01", "page": "2"})
    assert len(second.context["notices"]) == count - 20
    assert all(notice.issued_on >= D(2002, 1, 1) for notice in second.context["notices"])


def test_a_filter_matching_nothing_says_so(client, notices):
    response = client.get(LIST_URL, {"in_force_on": "1999-01-01"})
    assertContains(response, "0 notices in force on 1 January 1999.")
    assertContains(response, "No published notice matches these filters.")


# Bad input: 400 with a message on the list and on both exports, never a 500.

BAD_QUERIES = [
    ("issued_from=2024-02-30", "issued_from"),
    ("issued_to=2024-13-01", "issued_to"),
    ("in_force_on=yesterday", "in_force_on"),
    ("issued_from=" + "9" * 10_000, "issued_from"),
    ("in_force_on=" + "x" * 101, "in_force_on"),
    ("issued_from=2024-02-01&issued_to=2024-01-01", "issued_to"),
    ("status=cancelled", "status"),
    ("status=" + "x" * 10_000, "status"),
    ("status=in_force&status=expired", "status"),
    ("in_force_on=2024-01-01&in_force_on=2024-01-01", "in_force_on"),
    ("issued_from=2024-01-01&issued_from=2023-01-01", "issued_from"),
    ("in_force_on=2024-03-01%00", "in_force_on"),
    ("issued_from=%F0%9F%92%A5", "issued_from"),
]


@pytest.mark.parametrize(("query", "field"), BAD_QUERIES)
def test_list_answers_bad_input_with_400_an_error_summary_and_the_input_kept(client, notices, query, field):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 400
    assertContains(response, "There is a problem", status_code=400)
    # A date's error summary link goes to its first box.
    assertContains(response, f'<a href="#id_{field}{"" if field == "status" else "-day"}">', status_code=400)
    assertContains(response, f'id="id_{field}-error"', status_code=400)
    assert page_title(response) == f"Error: Best Value Notices – Transparency – {TITLE_SUFFIX}"
    assert h1_count(response) == 1


@pytest.mark.parametrize(("value", "kept"), [("2024-02-30", ("30", "2", "2024")), ("2024-13-01", ("1", "13", "2024"))])
def test_list_keeps_a_bad_date_in_its_boxes(client, notices, value, kept):
    """An impossible ISO date is shown back in the day, month and year boxes, with what to enter."""
    response = client.get(LIST_URL, {"in_force_on": value})
    assert boxes(response, "in_force_on") == kept
    assertContains(response, f"“{value}” is not a date. Enter a real date in the form YYYY-MM-DD", status_code=400)


def test_list_quotes_back_a_date_that_fits_no_box(client, notices):
    """A value that is not three numbers cannot go in the boxes, so the message quotes it."""
    response = client.get(LIST_URL, {"in_force_on": "yesterday"})
    assertContains(response, "“yesterday” is not a date. Enter a real date in the form YYYY-MM-DD", status_code=400)


def test_list_names_the_reversed_range(client, notices):
    response = client.get(LIST_URL, {"issued_from": "2024-02-01", "issued_to": "2024-01-01"})
    assertContains(response, "must be the same as or after the earliest issue date (1 February 2024)", status_code=400)
    assert boxes(response, "issued_from") == ("1", "2", "2024")
    assert boxes(response, "issued_to") == ("1", "1", "2024")


def test_list_names_an_unknown_status(client, notices):
    response = client.get(LIST_URL, {"status": "cancelled"})
    assertContains(response, "“cancelled” is not a status.", status_code=400)


def test_list_with_bad_input_shows_no_results_or_download_links(client, notices):
    response = client.get(LIST_URL, {"in_force_on": "yesterday"})
    assertNotContains(response, "Results", status_code=400)
    assertNotContains(response, f'href="{CSV_URL}', status_code=400)


@pytest.mark.parametrize(("query", "field"), BAD_QUERIES)
def test_json_export_answers_bad_input_with_400_and_a_json_error(client, notices, query, field):
    response = client.get(f"{JSON_URL}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "Content-Disposition" not in response
    errors = json.loads(response.getvalue())["errors"]
    assert field in errors and all(errors[field])


@pytest.mark.parametrize(("query", "field"), BAD_QUERIES)
def test_csv_export_answers_bad_input_with_400_and_a_text_error(client, notices, query, field):
    response = client.get(f"{CSV_URL}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response
    assert f"\n{field}: " in response.getvalue().decode()


def test_unknown_parameters_are_ignored(client, notices):
    """Parameters the filters do not know (tracking tags, say) change nothing."""
    assert listed_slugs(client, LIST_URL, {"utm_source": "x" * 500}) == listed_slugs(client, LIST_URL, {})


def test_filtered_list_makes_the_same_number_of_queries_with_10_and_200_records(client):
    """9 superseded rows, then a full page of 20: more rows shown, not more queries."""
    url = f"{LIST_URL}?issued_from=2000-01-01&issued_to=2030-12-31&status=superseded"
    make_chain(10, start=D(2000, 1, 1))
    assert_queries_do_not_grow(client, url, lambda: make_chain(190, start=D(2010, 1, 1), areas=3, statements=2))


@pytest.mark.parametrize(
    "query",
    ["in_force_on=0001-01-01", "in_force_on=9999-12-31", "issued_from=0001-01-01&issued_to=9999-12-31"],
)
@pytest.mark.parametrize("url", ENDPOINTS)
def test_the_first_and_last_representable_days_are_answered(client, notices, url, query):
    """Real but extreme dates are valid filters: 200, not a 500 from date arithmetic."""
    assert client.get(f"{url}?{query}").status_code == 200


@pytest.mark.parametrize("page", ["999", "abc", "0"])
def test_a_page_that_does_not_exist_is_404(client, notices, page):
    assert client.get(LIST_URL, {"issued_from": "2023-01-01", "page": page}).status_code == 404
