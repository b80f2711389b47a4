"""The benchmark's own pieces: the baseline page, its URLconf, and reading wrk's output."""

import pytest
from django.test import override_settings

from bench.baseline import BASELINE_HTML, BASELINE_SIZE
from bench.load import parse_locust_csv, parse_wrk
from bench.report import export_section, in_process_section, search_section
from bench.servers import nginx_config

WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:8701/governance/transparency/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    30.12ms   10.01ms 120.00ms   80.00%
    Req/Sec   250.00     20.00   300.00     70.00%
  Latency Distribution
     50%   28.50ms
     75%   33.00ms
     90%   40.00ms
     99%    1.20s
  4000 requests in 8.00s, 20.00MB read
  Socket errors: connect 0, read 4000, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:    500.00
Transfer/sec:      2.50MB
"""


def test_the_baseline_page_is_exactly_12_kb_of_html():
    assert len(BASELINE_HTML) == BASELINE_SIZE == 12 * 1024
    assert BASELINE_HTML.startswith(b"<!DOCTYPE html>")


@pytest.mark.django_db
def test_the_baseline_view_is_served_only_by_the_benchmark_urlconf(client):
    assert client.get("/__bench__/baseline/").status_code == 404
    with override_settings(ROOT_URLCONF="bench.urls"):
        response = client.get("/__bench__/baseline/")
        assert response.status_code == 200
        assert response.content == BASELINE_HTML
        assert client.get("/governance/transparency/").status_code == 200


def test_wrk_output_gives_rate_latencies_in_ms_errors_and_timeouts():
    """Read errors are sync workers closing connections, not failures; non-2xx responses are."""
    assert parse_wrk(WRK_OUTPUT) == {
        "rps": 500.0,
        "p50": 28.5,
        "p99": 1200.0,
        "errors": 2,
        "timeouts": 3,
    }


def test_wrk_output_with_no_completed_request_has_no_latencies():
    output = WRK_OUTPUT.replace("4000 requests in", "0 requests in").replace("500.00", "0.00")
    result = parse_wrk(output)
    assert result["rps"] == 0.0
    assert result["p50"] is None and result["p99"] is None


LOCUST_STATS = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,\
Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%
GET,/,900,0,12,14.5,3,80,9000,30.0,0.0,12,14,15,16,20,25,30,40,70,80,80
GET,/feed/,100,2,20,22.0,5,90,4000,3.3,0.07,20,22,24,25,30,35,45,60,90,90,90
,Aggregated,1000,2,13,15.25,3,90,8500,33.3,0.07,13,15,16,17,22,27,33,45,75,90,90
"""
LOCUST_FAILURES = """Method,Name,Error,Occurrences
GET,/feed/,HTTP 503,2
"""


def test_locust_csv_gives_the_aggregated_rate_latencies_and_failures(tmp_path):
    stats, failures = tmp_path / "locust_stats.csv", tmp_path / "locust_failures.csv"
    stats.write_text(LOCUST_STATS)
    failures.write_text(LOCUST_FAILURES)
    result = parse_locust_csv(stats, failures)
    assert (result["requests"], result["rps"], result["errors"]) == (1000, 33.3, 2)
    assert (result["p50"], result["p95"], result["p99"], result["mean"]) == (13, 27, 45, 15.25)
    assert result["failures"] == [(2, "GET /feed/: HTTP 503")]


def test_nginx_proxies_through_a_locked_cache_that_serves_stale_pages_on_errors(tmp_path):
    """The proxy configuration the benchmark runs is the one README "Deploying" recommends."""
    config = nginx_config(tmp_path, 8600, upstream_port=8601)
    assert "server 127.0.0.1:8601" in config
    for directive in ("proxy_cache cpca_pages;", "proxy_cache_lock on;", "proxy_cache_use_stale error timeout"):
        assert directive in config
    assert "proxy_pass" not in nginx_config(tmp_path, 8600)


def test_export_memory_is_one_row_per_size_and_response_with_memory_bytes_and_time():
    """Each size measured by ``--only exports`` gives its own rows, so the sizes read side by side."""
    row = {"before": 61.3, "after": 65.7, "added": 4.4, "bytes": 3277457, "seconds": 2.34}
    lines = export_section({10_000: {"CSV": row}, 100_000: {"CSV": {**row, "bytes": 33154168}}}, "PostgreSQL")
    assert "| 10,000 | CSV | 61.3 | 65.7 | +4.4 | 3,277,457 | 2.3 |" in lines
    assert "| 100,000 | CSV | 61.3 | 65.7 | +4.4 | 33,154,168 | 2.3 |" in lines


PAGE = {"request_us": 7650.0, "sql_us": 1430.0, "templates_us": 1750.0}
IN_PROCESS = {
    "bare": {"request_us": 150.0},
    "uncached": {"statement": PAGE, "CSV export": PAGE},
    "copy": {"request_us": 195.0},
    "read": {"request_us": 330.0, "lookup_us": 120.0},
    "floor": {"orm_query_us": 400.0, "cursor_query_us": 50.0, "base_template_us": 300.0},
}


def test_the_in_process_section_sets_each_page_against_the_bare_view():
    """Where a page's time goes: uncached pages with their SQL and templates, and each kind of hit."""
    lines = in_process_section(IN_PROCESS, {"statement": 2, "CSV export": 1})
    assert "| statement, uncached | 7,650 | 51 | 1,430 | 1,750 |" in lines
    assert (
        "- from the worker's copy (no round trip, before Django's handler): 195 µs of CPU, 1.3× the bare view" in lines
    )
    assert "- read from Redis (no copies): 330 µs, 2.2× the bare view" in lines
    assert any(line.endswith("120 µs, 80% of the bare view on its own") for line in lines)


def test_the_in_process_section_says_what_the_tools_cost_each_page_before_it_shows_anything():
    """The bare view, one ORM query per query the page makes, and the base template unless it is a CSV."""
    lines = in_process_section(IN_PROCESS, {"statement": 2, "CSV export": 1})
    text = "\n".join(lines)
    assert "one ORM query (the demo statement by its slug) 400 µs of CPU, the same SQL through a cursor 50 µs" in text
    assert "statement 1,250 µs (2 queries); CSV export 550 µs (1 query)" in text
    assert "an ORM query costs 8× the same SQL through a cursor" in text


def search_figures(**common):
    timed = {"p50": 61.0, "min": 55.0, "max": 70.0}
    return {
        "update": {"matches": {"statements": 98023, "notices": 0}, "results": 50, "queries": 3,
                   "explain": [{"execution_ms": 44.2}], "timed": timed, **common},
        "council": {"matches": {"statements": 2, "notices": 0}, "results": 2, "queries": 3,
                    "explain": [{"execution_ms": 0.1}], "timed": timed},
        "baseline": {"p50": 0.7, "min": 0.6, "max": 1.4},
    }  # fmt: skip


def test_the_search_section_gives_the_reason_and_the_measured_lever_for_a_common_word():
    lever = {"narrow_table_ms": 25.04, "statements_table_ms": 36.51, "runs": 5}
    lines, checks = search_section(search_figures(narrow_table=lever), "PostgreSQL")
    text = "\n".join(lines)
    assert "it matches 98,023 published statements" in text
    assert "before keeping the best 50" in text
    assert "25.0 ms against 36.5 ms over the statements table (EXPLAIN ANALYZE, median of 5 each" in text
    assert checks == [
        "- FAIL: search for a common word (`update`) at large data on PostgreSQL: p50 61.0 ms (target < 50 ms)"
    ]


def test_without_the_lever_measured_the_search_section_names_none():
    """On SQLite the lever is not measured, so nothing is said of it."""
    lines, _ = search_section(search_figures(), "SQLite")
    assert not any("Measured lever" in line for line in lines)
