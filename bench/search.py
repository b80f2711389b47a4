"""Search at large data: one reader's request time, and the database's own time for the queries.

``measure(url, requests)`` times GETs made one after another (no other load from this run, so
the figure is what a reader waits for, not a queue); ``python -m bench.search WORD ...`` runs, in
process against ``DATABASE_URL``, the queries one search makes under ``EXPLAIN ANALYZE`` and
prints as JSON, for each word, how many published records it matches and each query's
execution time (less noisy than request times on a shared machine); for the common word on
PostgreSQL, also the measured lever (``narrow_table``).
"""

import json
import os
import statistics
import sys
import time

from bench.load import fetch

# Every seeded statement's summary says "update": it matches nearly all of the large data.
COMMON_WORD = "update"
# Only the demo content mentions a council: a rare word at any scale.
RARE_WORD = "council"
P50_TARGET_MS = 50


def measure(url, requests=30):
    """Median, min and max in ms of ``requests`` GETs of ``url`` made one at a time (after one warm-up)."""
    status, _ = fetch(url)
    if status != 200:
        return {"error": f"HTTP {status}"}
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        fetch(url)
        times.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(times), "min": min(times), "max": max(times), "requests": requests}


NARROW_TABLE = "bench_statement_search"
# What a search's statements query reads: the columns it returns, filters on and ranks by.
NARROW_COLUMNS = "id, title, slug, is_published, published_at, withdrawn_at, search_vector"


def analyzed(cursor, sql):
    """The plan of ``sql`` run under EXPLAIN ANALYZE, with its planning and execution times in ms."""
    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
    plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]


def narrow_table_lever(connection, statements_sql, runs=5):
    """A search's own statements query over the statements table and over a copy of only the columns
    it reads: median EXPLAIN ANALYZE ms of ``runs`` each, interleaved. Measures the next lever for a
    common word, where every matching row is read, checked and ranked."""
    from statements.models import Statement

    statements, narrow = (connection.ops.quote_name(table) for table in (Statement._meta.db_table, NARROW_TABLE))
    sql = {"statements_table_ms": statements_sql, "narrow_table_ms": statements_sql.replace(statements, narrow)}
    times = {name: [] for name in sql}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {narrow}")
        cursor.execute(f"CREATE UNLOGGED TABLE {narrow} AS SELECT {NARROW_COLUMNS} FROM {statements}")
        cursor.execute(f"VACUUM ANALYZE {narrow}")
        try:
            for _ in range(runs):
                for name, query in sql.items():
                    times[name].append(analyzed(cursor, query)["Execution Time"])
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {narrow}")
    return {**{name: statistics.median(values) for name, values in times.items()}, "runs": runs}


def explain(words):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notices.models import BestValueNotice
    from statements.models import Statement
    from transparency import search

    figures = {}
    for word in words:
        search.search(word)
        with CaptureQueriesContext(connection) as captured:
            results = search.search(word)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery

            query = SearchQuery(word, search_type="websearch", config=search.CONFIG)
            matches = {
                "statements": Statement.objects.published().filter(search_vector=query).count(),
                "notices": BestValueNotice.objects.published().filter(search_vector=query).count(),
            }
        else:
            matches = {}
        timings = []
        for run in captured.captured_queries:
            if connection.vendor != "postgresql":
                break
            with connection.cursor() as cursor:
                plan = analyzed(cursor, run["sql"])
            timings.append({"planning_ms": plan["Planning Time"], "execution_ms": plan["Execution Time"]})
        figures[word] = {
            "results": len(results),
            "queries": len(captured.captured_queries),
            "matches": matches,
            "explain": timings,
        }
        if word == COMMON_WORD and connection.vendor == "postgresql":
            # The search's first query: its ranked statements.
            statements_sql = captured.captured_queries[0]["sql"]
            figures[word]["narrow_table"] = narrow_table_lever(connection, statements_sql)
    print(json.dumps(figures))


if __name__ == "__main__":
    explain(sys.argv[1:])
