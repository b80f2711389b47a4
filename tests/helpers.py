"""Helpers the tests share: admin addresses, a page's SQL and the "queries do not grow with data" check."""

from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def admin_url(obj_or_model, view="changelist", *args):
    """The admin address of ``view`` for a model, or for one record of it.

    Built on ``reverse("admin:<app>_<model>_<view>")``, so a test never writes an admin path by
    hand: ``admin_url(Statement)`` is the list, ``admin_url(Statement, "add")``,
    ``admin_url(statement, "change")``, ``admin_url(statement, "simple_history", version_id)``.
    A record supplies its primary key before ``args``; after a record is deleted, pass its model
    and the old key: ``admin_url(Statement, "history", pk)``.
    """
    opts = obj_or_model._meta
    if isinstance(obj_or_model, models.Model):
        args = (obj_or_model.pk, *args)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def page_sql(client, url):
    """The SQL of each query a GET of ``url`` makes, in order; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            # A streamed body reads its rows from the database as it is consumed.
            response.getvalue()
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def count_queries(client, url):
    """The number of SQL queries a GET of ``url`` makes; the page must answer 200."""
    return len(page_sql(client, url))


def assert_queries_do_not_grow(client, urls, grow):
    """Each of ``urls`` makes as many SQL queries after ``grow()`` adds records as before.

    More rows shown, not more queries: a page that fetched related records row by row would
    make more queries with more data. Each URL is requested once before each count, so
    per-process caches are full: content types, say, and the next scheduled change, which
    every save makes this process work out again. Returns the counts before growing, by URL,
    for tests that also bound them.
    """
    urls = [urls] if isinstance(urls, str) else list(urls)
    for url in urls:
        client.get(url)
    before = {url: count_queries(client, url) for url in urls}
    grow()
    for url in urls:
        client.get(url)
    after = {url: count_queries(client, url) for url in urls}
    grown = {url: (before[url], after[url]) for url in urls if before[url] != after[url]}
    assert not grown, f"queries before and after growing the data: {grown}"
    return before
