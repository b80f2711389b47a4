"""Every public page makes a fixed number of SQL queries whatever the data size, and loads no column only SQL uses."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from core.dates import local_today
from core.records import url_on
from notices.models import BestValueNotice
from statements.models import Statement
from tests.factories import make_area, make_statement
from tests.helpers import assert_queries_do_not_grow, page_sql

D = datetime.date
pytestmark = pytest.mark.django_db


def seed(notices, statements, seed):
    call_command("seed_scale", notices=notices, statements=statements, seed=seed, stdout=io.StringIO())


@pytest.fixture
def story(first_and_revised):
    """The first and revised notices, three areas and a statement on the revised one."""
    first, revised = first_and_revised
    for position in range(1, 4):
        make_area(revised, position=position, detail="<p>Detail.</p>")
    statement = make_statement(notice=revised, body="<p>The body.</p>")
    return first, revised, statement


def page_urls(story):
    """Every public address that reads the database: pages, feed, search and exports."""
    first, revised, statement = story
    return [
        "/",
        "/governance/",
        "/accessibility/",
        "/governance/transparency/",
        "/governance/transparency/?on=2023-03-01",
        "/governance/transparency/statements/",
        statement.get_absolute_url(),
        "/governance/transparency/best-value-notices/",
        "/governance/transparency/best-value-notices/?page=2",
        "/governance/transparency/best-value-notices/?issued_from=2000-01-01&status=superseded",
        first.get_absolute_url(),
        revised.get_absolute_url(),
        "/governance/transparency/best-value-notices.csv",
        "/governance/transparency/best-value-notices.json?in_force_on=2024-03-01",
        "/governance/transparency/feed/",
        # Not /sitemap.xml: past 1,000 pages in a section it becomes an index of pages by design
        # (a fixed count either side; its own test grows it within one form).
        "/search/?q=notice",
    ]


def test_every_public_url_makes_the_same_number_of_queries_with_30_and_1030_notices(client, story):
    seed(notices=30, statements=10, seed=1)
    assert_queries_do_not_grow(client, page_urls(story), lambda: seed(notices=1000, statements=1000, seed=2))


# The columns of the records' ``SQL_ONLY_FIELDS``: the stored search vectors.
SQL_ONLY_COLUMNS = {
    model._meta.get_field(name).column for model in (Statement, BestValueNotice) for name in model.SQL_ONLY_FIELDS
}
# A column in a SELECT list: after SELECT or a comma, perhaps with its table and an alias, before a
# comma or FROM. A column inside an expression (``ts_rank("search_vector", ...)``) or a WHERE is not loaded.
LOADED_COLUMN = re.compile(
    r'(?:\bSELECT\s+(?:DISTINCT\s+)?|,\s*)(?:"?\w+"?\.)?"(\w+)"(?:\s+AS\s+"\w+")?\s*(?=,|\bFROM\b)'
)


def loaded_columns(sql):
    return set(LOADED_COLUMN.findall(sql))


def test_the_check_sees_a_search_vector_loaded_and_not_one_only_used_in_sql():
    """A SELECT of every column loads the vector; ranking and matching on it in SQL do not."""
    assert "search_vector" in SQL_ONLY_COLUMNS
    assert "search_vector" in loaded_columns(str(Statement.objects.all().query))
    ranked = (
        'SELECT "s"."id", ts_rank("s"."search_vector", websearch_to_tsquery(\'english\', \'x\')) AS "rank" '
        'FROM "s" WHERE "s"."search_vector" @@ websearch_to_tsquery(\'english\', \'x\') ORDER BY 2 DESC'
    )
    assert "search_vector" not in loaded_columns(ranked)


def as_read_urls(story):
    """Pages and exports as they read today, and each record's first version: rebuilt from history."""
    first, revised, statement = story
    today = local_today()
    pages = [
        "/governance/transparency/",
        "/governance/transparency/statements/",
        statement.get_absolute_url(),
        "/governance/transparency/best-value-notices/",
        revised.get_absolute_url(),
        "/governance/transparency/best-value-notices.csv",
        "/governance/transparency/best-value-notices.json",
    ]
    versions = [
        reverse(f"{record._meta.app_label}:version", kwargs={"slug": record.slug, "number": 1})
        for record in (statement, revised)
    ]
    return [url_on(page, today) for page in pages] + versions


def test_no_public_url_loads_a_column_only_sql_uses(client, story):
    """Search matches and ranks on the stored vectors in SQL; no page, feed, sitemap or export loads them."""
    first, revised, statement = story
    seed(notices=30, statements=10, seed=1)
    urls = [*page_urls(story), *as_read_urls(story), "/sitemap.xml"]
    urls += [statement.get_versions_url(), revised.get_versions_url()]
    loading = {}
    for url in urls:
        queries = [
            number for number, sql in enumerate(page_sql(client, url), 1) if loaded_columns(sql) & SQL_ONLY_COLUMNS
        ]
        if queries:
            loading[url] = queries
    assert not loading, f"queries (numbered from 1) that load a column only SQL uses, by URL: {loading}"


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
