"""An admin form with errors opens with one summary at the top, each error linked to its field."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_area, make_notice, make_statement
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db


def _summary_links(response):
    """[(anchor, text)] of the links in the error summary."""
    html = response.content.decode()
    match = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', match.group(1))


def test_a_missing_change_note_is_linked_from_the_summary_at_the_top(client, publisher):
    """A major change without a note: the summary links to the change-note field, and Django's unlinked banner is gone."""
    statement = make_statement()
    data = form_data(client.get(admin_url(statement, "change")), "statement_form", change_kind="major", change_note="")
    response = client.post(admin_url(statement, "change"), data)
    assert response.status_code == 200
    links = _summary_links(response)
    assert [anchor for anchor, _ in links] == ["id_change_note"]
    assert "Write a change note" in links[0][1]
    assertContains(response, 'id="id_change_note"')
    assertNotContains(response, "Please correct the error below.")
    assertContains(response, "<title>Error: ")
    html = response.content.decode()
    assert html.index('class="error-summary"') < html.index('id="id_title"'), "the summary comes before the fields"


def test_the_summary_is_announced_and_can_take_the_focus(client, publisher):
    """The summary is an alert that a script can focus, as on the public site."""
    statement = make_statement()
    data = form_data(client.get(admin_url(statement, "change")), "statement_form", change_kind="major", change_note="")
    response = client.post(admin_url(statement, "change"), data)
    assertContains(response, 'class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1"')
    assertContains(response, "js/error-summary.js")


def test_an_improvement_area_error_links_to_that_areas_field(client, editor):
    """A blank title on the second area is linked to that area's title field and says which area."""
    notice = make_notice(is_published=False)
    make_area(notice, position=1, title="Governance")
    make_area(notice, position=2, title="Culture")
    data = form_data(
        client.get(admin_url(notice, "change")), "bestvaluenotice_form", **{"improvement_areas-1-title": ""}
    )
    response = client.post(admin_url(notice, "change"), data)
    assert response.status_code == 200
    links = _summary_links(response)
    assert ("id_improvement_areas-1-title", "Improvement area 2, Title: This field is required.") in links


def test_every_field_error_is_in_the_summary(client, editor):
    """Two fields wrong: both are listed, in the order of the form."""
    statement = make_statement(is_published=False)
    data = form_data(client.get(admin_url(statement, "change")), "statement_form", title="", summary="")
    response = client.post(admin_url(statement, "change"), data)
    anchors = [anchor for anchor, _ in _summary_links(response)]
    assert anchors[:2] == ["id_title", "id_summary"]


def test_a_form_without_errors_has_no_summary(client, editor):
    """Opening a form shows no summary."""
    response = client.get(admin_url(make_statement(is_published=False), "change"))
    assertNotContains(response, 'error-summary"')
