"""GOV.UK's date input (day, month and year boxes) beside the ISO query parameters, which are unchanged."""

import datetime
import json
import re

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from core.forms import AsItStoodForm
from notices.forms import NoticeFilterForm
from tests.factories import make_notice

D = datetime.date
LIST_URL = "/governance/transparency/best-value-notices/"
INDEX_URL = "/governance/transparency/"


def form(query):
    return AsItStoodForm(QueryDict(query))


def test_the_iso_parameter_is_read_as_before():
    """on=2024-03-01 is the day, as the SPEC's query strings say."""
    bound = form("on=2024-03-01")
    assert bound.is_valid() and bound.cleaned_data["on"] == D(2024, 3, 1)
    assert not bound.used_date_boxes()


def test_the_three_boxes_make_the_same_day():
    """on-day, on-month and on-year give the same date, and say they were used."""
    bound = form("on-day=1&on-month=3&on-year=2024")
    assert bound.is_valid() and bound.cleaned_data["on"] == D(2024, 3, 1)
    assert bound.used_date_boxes()
    assert bound.query_string() == "on=2024-03-01"


def test_empty_boxes_mean_no_date():
    """The form submitted untouched filters nothing."""
    bound = form("on-day=&on-month=&on-year=")
    assert bound.is_valid() and bound.cleaned_data["on"] is None


def test_the_iso_parameter_wins_over_the_boxes():
    """Given both, the ISO parameter decides: links and exports carry it."""
    bound = form("on=2024-03-01&on-day=5&on-month=5&on-year=2020")
    assert bound.is_valid() and bound.cleaned_data["on"] == D(2024, 3, 1)


@pytest.mark.parametrize(
    ("query", "message", "wrong"),
    [
        ("on-day=1&on-year=2024", "The date must include a month.", {"month"}),
        ("on-month=3", "The date must include a day and a year.", {"day", "year"}),
        ("on-day=32&on-month=3&on-year=2024", "Enter a real date. For example, 1 3 2024.", {"day"}),
        ("on-day=1&on-month=13&on-year=2024", "Enter a real date. For example, 1 3 2024.", {"month"}),
        ("on-day=30&on-month=2&on-year=2024", "Enter a real date. For example, 1 3 2024.", {"day", "month", "year"}),
        ("on-day=1&on-month=3&on-year=24", "The year must have 4 numbers. For example, 1 3 2024.", {"year"}),
        ("on-day=first&on-month=3&on-year=2024", "Enter the date in numbers. For example, 1 3 2024.", {"day"}),
        ("on-day=%C2%B2&on-month=3&on-year=2024", "Enter the date in numbers. For example, 1 3 2024.", {"day"}),
        ("on-day=1&on-month=99999999999999999999&on-year=2024", "Enter a real date. For example, 1 3 2024.", {"month"}),
        ("on-day=1&on-month=3&on-year=0000", "Enter a real date. For example, 1 3 2024.", {"day", "month", "year"}),
    ],
)
def test_each_mistake_gets_its_message_and_marks_only_the_boxes_at_fault(query, message, wrong):
    """GOV.UK's error pattern: one message for the date, and only the wrong boxes highlighted."""
    bound = form(query)
    assert not bound.is_valid()
    assert bound.errors["on"] == [message]
    assert bound["on"].error_parts() == wrong
    assert bound["on"].id_for_label == f"id_on-{next(p for p in ('day', 'month', 'year') if p in wrong)}"


def test_a_repeated_box_is_refused_like_a_repeated_parameter():
    """Each box may be given once, as every other parameter."""
    bound = NoticeFilterForm(QueryDict("issued_from-day=1&issued_from-day=2&issued_from-month=1&issued_from-year=2024"))
    assert bound.errors["issued_from"] == ["Give issued from only once."]


@pytest.mark.django_db
def test_the_list_sends_boxes_on_to_the_iso_address(client):
    """A filter typed in boxes lands on the same address as its ISO query string."""
    response = client.get(
        LIST_URL,
        {"issued_from-day": "1", "issued_from-month": "1", "issued_from-year": "2023", "status": "in_force"},
    )
    assertRedirects(response, f"{LIST_URL}?issued_from=2023-01-01&status=in_force", fetch_redirect_response=False)


@pytest.mark.django_db
def test_the_index_sends_boxes_on_to_the_iso_address(client):
    """The "as it stood" form typed in boxes lands on ?on=YYYY-MM-DD."""
    response = client.get(INDEX_URL, {"on-day": "1", "on-month": "3", "on-year": "2024"})
    assertRedirects(response, f"{INDEX_URL}?on=2024-03-01", fetch_redirect_response=False)


@pytest.mark.django_db
def test_a_wrong_box_gets_400_an_error_summary_linking_to_it_and_the_values_kept(client):
    """Missing month: 400, the summary links to the month box, only it is marked, and the others keep their values."""
    make_notice()
    response = client.get(LIST_URL, {"in_force_on-day": "29", "in_force_on-year": "2024"})
    assert response.status_code == 400
    assertContains(
        response, '<a href="#id_in_force_on-month">In force on: The date must include a month.</a>', status_code=400
    )
    content = response.content.decode()
    assert re.search(r'id="id_in_force_on-day" name="in_force_on-day" [^>]*value="29">', content)
    assert re.search(r'id="id_in_force_on-month" name="in_force_on-month" [^>]*value="" aria-invalid="true">', content)
    assert re.search(r'id="id_in_force_on-year" name="in_force_on-year" [^>]*value="2024">', content)
    assertContains(response, 'class="input input--width-2 input--error" id="id_in_force_on-month"', status_code=400)
    assertNotContains(response, 'class="input input--width-2 input--error" id="id_in_force_on-day"', status_code=400)


@pytest.mark.django_db
def test_the_exports_accept_the_boxes_and_report_iso_filters(client):
    """The exports read the same form: boxes work there too, and the filters are echoed as ISO."""
    make_notice(issued_on=D(2024, 1, 30))
    response = client.get(
        "/governance/transparency/best-value-notices.json",
        {"issued_from-day": "1", "issued_from-month": "1", "issued_from-year": "2024"},
    )
    assert response.status_code == 200
    assert json.loads(response.getvalue())["filters"] == {"issued_from": "2024-01-01"}


@given(day=st.text(max_size=12), month=st.text(max_size=12), year=st.text(max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_text_in_the_boxes_gives_a_date_or_a_message_never_an_exception(day, month, year):
    """Whatever is typed, the form answers with a date or a field error."""
    query = QueryDict(mutable=True)
    query.update({"on-day": day, "on-month": month, "on-year": year})
    bound = AsItStoodForm(query)
    if not bound.is_valid():
        assert bound.errors["on"]
        assert bound["on"].error_parts() <= {"day", "month", "year"}
