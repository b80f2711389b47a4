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


# The statements query a search makes (the ranked matches it keeps), over a table named {table}.
RANKED_MATCHES = """
    SELECT id, ts_rank(search_vector, query) AS rank
    FROM {table}, websearch_to_tsquery(%s::regconfig, %s) AS query
    WHERE is_published AND published_at <= now() AND (withdrawn_at IS NULL OR withdrawn_at > now())
      AND search_vector @@ query
    ORDER BY rank DESC, published_at DESC
    LIMIT %s
"""
NARROW_TABLE = "bench_statement_search"


def execution_ms(cursor, sql, params):
    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Execution Time"]


def narrow_table_lever(connection, word, config, limit, runs=5):
    """The ranked matches over the statements table and over a copy of only the columns search reads:
    median EXPLAIN ANALYZE ms of ``runs`` each, interleaved. Measures the next lever for a common word,
    where every matching row is read, checked and ranked."""
    columns = "id, is_published, published_at, withdrawn_at, search_vector"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {NARROW_TABLE}")
        cursor.execute(f"CREATE UNLOGGED TABLE {NARROW_TABLE} AS SELECT {columns} FROM statements_statement")
        cursor.execute(f"VACUUM ANALYZE {NARROW_TABLE}")
        try:
            times = {"statements_table_ms": [], "narrow_table_ms": []}
            params = [config, word, limit]
            for _ in range(runs):
                for name, table in (("statements_table_ms", "statements_statement"), ("narrow_table_ms", NARROW_TABLE)):
                    times[name].append(execution_ms(cursor, RANKED_MATCHES.format(table=table), params))
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {NARROW_TABLE}")
    return {name: statistics.median(values) for name, values in times.items()}


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
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + run["sql"])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
            timings.append({"planning_ms": plan[0]["Planning Time"], "execution_ms": plan[0]["Execution Time"]})
        figures[word] = {
            "results": len(results),
            "queries": len(captured.captured_queries),
            "matches": matches,
            "explain": timings,
        }
        if word == COMMON_WORD and connection.vendor == "postgresql":
            figures[word]["narrow_table"] = narrow_table_lever(connection, word, search.CONFIG, search.MAX_RESULTS)
    print(json.dumps(figures))


if __name__ == "__main__":
    explain(sys.argv[1:])
