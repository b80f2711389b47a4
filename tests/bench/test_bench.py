"""The benchmark's own pieces: the baseline page, its URLconf, and reading wrk's output."""

import importlib.util
from pathlib import Path

import pytest
from django.test import override_settings

from bench.baseline import BASELINE_HTML, BASELINE_SIZE

ROOT = Path(__file__).resolve().parents[2]

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


@pytest.fixture(scope="module")
def bench_script():
    spec = importlib.util.spec_from_file_location("bench_script", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def test_wrk_output_gives_rate_latencies_in_ms_errors_and_timeouts(bench_script):
    """Read errors are sync workers closing connections, not failures; non-2xx responses are."""
    assert bench_script.parse_wrk(WRK_OUTPUT) == {
        "rps": 500.0,
        "p50": 28.5,
        "p99": 1200.0,
        "errors": 2,
        "timeouts": 3,
    }


def test_wrk_output_with_no_completed_request_has_no_latencies(bench_script):
    output = WRK_OUTPUT.replace("4000 requests in", "0 requests in").replace("500.00", "0.00")
    result = bench_script.parse_wrk(output)
    assert result["rps"] == 0.0
    assert result["p50"] is None and result["p99"] is None
