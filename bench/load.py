"""Driving servers with load: wrk for the benchmark's fixed-URL figures, Locust for the load test's mix.

Both run as separate processes (Locust's gevent patches the interpreter it runs in), and both
report the same figures: requests per second, p50 and p99 in ms, failed requests, timeouts.
"""

import csv
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def fetch(url, headers=None):
    """GET ``url``; the status and the body's length (errors included)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def drain(url, timeout=120):
    """Wait until a server has worked through requests queued by the last measurement.

    Sync workers still answer every request wrk left in the listen queue, so without this a
    slow page would steal time from the next target on the same server.
    """
    deadline = time.monotonic() + timeout
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        started = time.monotonic()
        fetch(url)
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, duration, connections, threads=2):
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
    )
    out = result.stdout
    if result.returncode != 0 or "Requests/sec" not in out:
        return {"error": (result.stderr or out).strip()[:300]}
    return parse_wrk(out)


def parse_wrk(out):
    """req/s, p50 and p99 in ms, failed requests and timeouts from ``wrk --latency`` output."""

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else None

    errors = timeouts = 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read \d+, write (\d+), timeout (\d+)", out)
    if match:  # read errors are sync workers closing the connection after each response
        errors += int(match.group(1)) + int(match.group(2))
        timeouts = int(match.group(3))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    if not re.search(r"^\s+\d+ requests in", out, re.M) or re.search(r"^\s+0 requests in", out, re.M):
        rps = 0.0
    return {
        "rps": rps,
        "p50": latency(50) if rps else None,
        "p99": latency(99) if rps else None,
        "errors": errors,
        "timeouts": timeouts,
    }


def run_locust(host, paths, users, duration, workdir):
    """Run Locust headless against ``host`` with ``users`` simulated clients requesting ``paths``
    in turn for ``duration`` seconds; return the aggregated figures and Locust's failures."""
    workdir = Path(workdir)
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    prefix = workdir / "locust"
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--host", host, "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{int(duration)}s", "--stop-timeout", "10", "--csv", str(prefix),
        "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]  # fmt: skip
    result = subprocess.run(
        command, env={**_clean_env(), "LOCUST_PATHS_FILE": str(paths_file)}, capture_output=True, text=True
    )
    stats_file = Path(f"{prefix}_stats.csv")
    if result.returncode != 0 or not stats_file.exists():
        raise RuntimeError(f"Locust failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return parse_locust_csv(stats_file, Path(f"{prefix}_failures.csv"))


def _clean_env():
    return {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}


def parse_locust_csv(stats_file, failures_file=None):
    """The "Aggregated" row of Locust's ``--csv`` statistics, and its failures as (count, description)."""
    with open(stats_file, newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]

    def number(key):
        value = total.get(key, "N/A")
        return None if value in ("N/A", "", None) else float(value)

    failures = []
    if failures_file and Path(failures_file).exists():
        with open(failures_file, newline="") as handle:
            failures = [
                (int(row["Occurrences"]), f"{row['Method']} {row['Name']}: {row['Error']}")
                for row in csv.DictReader(handle)
            ]
    return {
        "requests": int(number("Request Count") or 0),
        "rps": number("Requests/s") or 0.0,
        "p50": number("50%"),
        "p95": number("95%"),
        "p99": number("99%"),
        "mean": number("Average Response Time"),
        "errors": int(number("Failure Count") or 0),
        "failures": failures,
    }
