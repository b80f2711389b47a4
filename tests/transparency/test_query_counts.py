"""Every public page makes a fixed number of SQL queries whatever the data size."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from tests.factories import make_area, make_chain, make_statement
from tests.pages import count_queries

D = datetime.date
pytestmark = pytest.mark.django_db


def seed(notices, statements, seed):
    call_command("seed_scale", notices=notices, statements=statements, seed=seed, stdout=io.StringIO())


@pytest.fixture
def story():
    """A published chain of two notices with areas, and a statement on the second."""
    first, second = make_chain(2, start=D(2023, 1, 24), areas=0, statements=0)
    for position in range(1, 4):
        make_area(second, position=position, detail="<p>Detail.</p>")
    statement = make_statement(notice=second, body="<p>The body.</p>")
    return first, second, statement


def page_urls(story):
    first, second, statement = story
    return [
        "/governance/transparency/",
        "/governance/transparency/?on=2023-03-01",
        "/governance/transparency/statements/",
        statement.get_absolute_url(),
        "/governance/transparency/best-value-notices/",
        "/governance/transparency/best-value-notices/?page=2",
        first.get_absolute_url(),
        second.get_absolute_url(),
    ]


def test_every_public_page_makes_the_same_number_of_queries_with_30_and_1030_notices(client, story):
    seed(notices=30, statements=10, seed=1)
    small = {url: count_queries(client, url) for url in page_urls(story)}
    seed(notices=1000, statements=1000, seed=2)
    large = {url: count_queries(client, url) for url in page_urls(story)}
    assert large == small


def test_the_transparency_index_shows_the_latest_notices_and_points_to_the_full_list(client, story):
    seed(notices=30, statements=0, seed=3)
    response = client.get("/governance/transparency/")
    assertContains(response, "Latest Best Value Notices")
    assertContains(response, "The 10 most recently issued are shown here")
    assert len(response.context["all_notices"]) == 10
    assert response.context["all_notices"][0] == story[1]


def test_the_transparency_index_lists_every_notice_when_there_are_few(client, story):
    response = client.get("/governance/transparency/")
    assertContains(response, "All Best Value Notices")
    assert response.context["all_notices"] == [story[1], story[0]]


def test_the_csv_export_counts_each_notices_areas(client, story):
    rows = csv.DictReader(
        io.StringIO(client.get("/governance/transparency/best-value-notices.csv").getvalue().decode())
    )
    counts = {row["slug"]: row["improvement_areas"] for row in rows}
    assert counts == {story[0].slug: "0", story[1].slug: "3"}
