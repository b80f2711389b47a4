#!/usr/bin/env python3
"""Benchmark the public pages against a trivial Django view and nginx, in one run (``make bench``).

What it does, in order:
1. prepares two benchmark databases (small: the demo content; large: the demo plus
   ``seed_scale`` content, 10,000 notices and 100,000 statements by default), reused between
   runs when they already hold that content. PostgreSQL when ``DATABASE_URL`` is set
   (databases ``<name>_bench_small`` and ``<name>_bench_large_...`` on the same server),
   else SQLite files under ``bench/.data/``;
2. starts gunicorn with production settings (``DEBUG=0``, a generated ``SECRET_KEY``,
   ``ALLOWED_HOSTS=127.0.0.1``), sync workers, one per core, once per database and once more
   on the large database with ``PAGE_CACHE_SECONDS`` set (the cached pass); and nginx serving
   the 12 KB baseline page as a static file, from a throwaway config in a temporary directory;
3. counts SQL queries per request for each page, in-process, against both databases;
4. drives every target with ``wrk`` (or a Python client when ``wrk`` is missing) for a fixed
   time, interleaving the targets and repeating the round, and reports the median and the
   spread of req/s, p50 and p99, each page's ratio to the Django baseline and to nginx, and
   the peak memory of a worker;
5. writes ``bench/results.md`` and exits non-zero when a page errors.

The machine may be shared: every figure is the median of the repetitions with its min-max.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.baseline import BASELINE_HTML  # noqa: E402

PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
DATA_DIR = ROOT / "bench" / ".data"

# The notices list and CSV export are measured with this filter. Seeded content is all dated
# 1990-2022, so it finds the same demo notices at any scale.
NOTICES_QUERY = "?issued_from=2023-01-01&issued_to=2024-12-31"
DEMO_STATEMENT = "statement-in-response-to-best-value-notice-update"
DEMO_NOTICE = "revised-best-value-notice-january-2024"

PAGES = {
    "transparency index": "/governance/transparency/",
    "statement": f"/governance/transparency/statements/{DEMO_STATEMENT}/",
    "notice": f"/governance/transparency/best-value-notices/{DEMO_NOTICE}/",
    "notices list": "/governance/transparency/best-value-notices/{query}",
    "CSV export": "/governance/transparency/best-value-notices.csv{query}",
}
BASELINE_PATH = "/__bench__/baseline/"
CACHED_PAGES = ["statement", "notice", "transparency index"]

# Targets on the uncached pages at small data (share of the Django baseline's req/s).
SHARE_TARGETS = {"statement": 0.25, "notice": 0.25, "notices list": 0.15, "CSV export": 0.15}
LARGE_TO_SMALL_TARGET = 0.80
CACHED_STATEMENT_TARGET = 0.90
P99_TARGET_MS = 100
WORKER_MEMORY_TARGET_MB = 150


def log(message):
    print(message, flush=True)


# --- databases ---------------------------------------------------------------------------


class Databases:
    """Benchmark databases beside the one in DATABASE_URL (PostgreSQL), or SQLite files."""

    def __init__(self, base_url):
        self.base_url = base_url

    def url(self, name):
        if not self.base_url:
            DATA_DIR.mkdir(exist_ok=True)
            return f"sqlite:///{DATA_DIR / (name + '.sqlite3')}"
        parts = urllib.parse.urlsplit(self.base_url)
        base_name = parts.path.lstrip("/") or "cpca"
        return urllib.parse.urlunsplit(parts._replace(path=f"/{base_name}_bench_{name}"[:64]))

    def recreate(self, name):
        url = self.url(name)
        if not self.base_url:
            Path(urllib.parse.urlsplit(url).path).unlink(missing_ok=True)
            return
        import psycopg2

        parts = urllib.parse.urlsplit(url)
        database = parts.path.lstrip("/")
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=urllib.parse.unquote(parts.username or ""),
            password=urllib.parse.unquote(parts.password or ""),
            dbname="postgres",
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
            cursor.execute(f'CREATE DATABASE "{database}"')
        connection.close()

    def ensure_exists(self, name):
        if self.base_url:
            try:
                self._run_prepare_probe(name)
            except Exception:
                self.recreate(name)

    def _run_prepare_probe(self, name):
        import psycopg2

        psycopg2.connect(self.url(name).replace("postgres://", "postgresql://", 1)).close()


def prepare_database(databases, env, name, notices, statements, seed):
    databases.ensure_exists(name)
    url = databases.url(name)
    command = [PYTHON, "-m", "bench.prepare", f"--notices={notices}", f"--statements={statements}", f"--seed={seed}"]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env={**env, "DATABASE_URL": url}, capture_output=True, text=True)
    if result.returncode == 3:
        log(f"  {name}: {result.stdout.strip()}; starting from an empty database")
        databases.recreate(name)
        result = subprocess.run(command, cwd=ROOT, env={**env, "DATABASE_URL": url}, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"Preparing the {name} database failed:\n{result.stdout}\n{result.stderr}")
    log(f"  {name}: {result.stdout.strip().splitlines()[-1]} in {time.monotonic() - started:.1f} s ({redact(url)})")
    return url


def redact(url):
    parts = urllib.parse.urlsplit(url)
    if not parts.password:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.replace(parts.password, "***")))


# --- servers -----------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, name, port, workers, env, tmp):
        self.name, self.port, self.workers, self.env, self.tmp = name, port, workers, env, tmp
        self.process = None

    def start(self):
        log_file = self.tmp / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "cpca_portal.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers),
                "--worker-class", "sync",
                "--error-logfile", str(log_file),
                "--log-level", "warning",
                # A slow page under load must not get its worker killed (that resets its peak memory).
                "--timeout", "120",
                "--graceful-timeout", "5",
                "--pid", str(self.tmp / f"gunicorn-{self.port}.pid"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until_up(f"http://127.0.0.1:{self.port}{BASELINE_PATH}", self.process, log_file)

    def worker_pids(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def peak_worker_memory_mb(self):
        """The largest VmHWM (peak resident set) among the workers, in MB."""
        peaks = []
        for pid in self.worker_pids():
            match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks) if peaks else None

    def stop(self):
        stop_process(self.process, signal.SIGTERM)


class Nginx:
    def __init__(self, binary, port, workers, tmp):
        self.binary, self.port, self.workers, self.tmp = binary, port, workers, tmp
        self.process = None

    def start(self):
        root = self.tmp / "nginx"
        (root / "www").mkdir(parents=True)
        (root / "www" / "baseline.html").write_bytes(BASELINE_HTML)
        for path in (self.tmp, root, root / "www"):
            path.chmod(0o755)  # nginx's workers may run as another user
        config = root / "nginx.conf"
        config.write_text(
            f"""worker_processes {self.workers};
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    default_type text/html;
    server {{
        listen 127.0.0.1:{self.port};
        root {root}/www;
    }}
}}
"""
        )
        self.process = subprocess.Popen(
            [self.binary, "-p", str(root), "-c", str(config), "-e", str(root / "error.log"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_until_up(f"http://127.0.0.1:{self.port}/baseline.html", self.process, root / "error.log")

    def stop(self):
        stop_process(self.process, signal.SIGQUIT)


def stop_process(process, first_signal):
    """Stop a server we started: politely, then SIGQUIT (fast shutdown for both), then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    for sig, wait in ((first_signal, 10), (signal.SIGQUIT, 5), (signal.SIGKILL, 5)):
        process.send_signal(sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


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


def wait_until_up(url, process, log_file, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{url}: the server exited. Its log ({log_file}):\n{read_tail(log_file)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {timeout} s. Log ({log_file}):\n{read_tail(log_file)}")


def read_tail(path):
    try:
        return "\n".join(Path(path).read_text().splitlines()[-30:])
    except OSError:
        return "(no log)"


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


# --- load generators ---------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def run_wrk(url, duration, connections, threads):
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


def run_python_client(url, duration, connections, threads=None):
    """A fallback load generator: one thread per connection, a new connection per request."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
            mine.append((time.monotonic() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    workers = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else None

    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(50),
        "p99": percentile(99),
        "errors": errors[0],
        "timeouts": 0,
    }


# --- measurement -------------------------------------------------------------------------


def count_queries(env, database_url, paths):
    result = subprocess.run(
        [PYTHON, "-m", "bench.querycount", *paths],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"Counting queries failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def summarise(runs):
    def spread(key):
        values = [run[key] for run in runs if run.get(key) is not None]
        if not values:
            return None, None, None
        return statistics.median(values), min(values), max(values)

    return {key: spread(key) for key in ("rps", "p50", "p99")}


def fmt_spread(values, digits=0):
    median, low, high = values
    if median is None:
        return "–"
    return f"{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def fmt_ms(value):
    return f"{value:7.1f}" if value is not None else "      –"


def stop_on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    # Background jobs ignore SIGINT; make SIGINT and SIGTERM stop the servers cleanly.
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement (default 8)")
    parser.add_argument("--repetitions", type=int, default=3, help="rounds over all targets (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--notices", type=int, default=10_000, help="large data: notices")
    parser.add_argument("--statements", type=int, default=100_000, help="large data: statements")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8701, help="first of four loopback ports")
    parser.add_argument("--notices-query", default=NOTICES_QUERY, help="query string for the list and CSV export")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.repetitions < 3:
        parser.error("--repetitions must be at least 3")

    # Debian installs nginx in /usr/sbin, which is not on every user's PATH.
    nginx_binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if nginx_binary is None:
        sys.exit(
            "nginx is missing. Install it with: sudo apt-get install nginx (it is only run from a temporary config)"
        )
    if shutil.which("wrk"):
        load, generator = run_wrk, "wrk"
    else:
        load, generator = run_python_client, "Python client (install wrk for better figures: sudo apt-get install wrk)"
        log("wrk is missing; using the slower Python client. Install it with: sudo apt-get install wrk")

    cores = len(os.sched_getaffinity(0))
    workers = cores
    base_url = os.environ.get("DATABASE_URL", "")
    log(f"CPU cores: {cores}; gunicorn: {workers} sync workers per server (one per core)")
    log(f"Load generator: {generator}, {args.connections} connections, {args.duration} s x {args.repetitions} rounds")
    log(f"Database: {'PostgreSQL' if base_url else 'SQLite'}")

    tmp = Path(tempfile.mkdtemp(prefix="cpca-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: in production TLS ends at the proxy in front of gunicorn.
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "PAGE_CACHE_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
    }
    servers = []
    try:
        log("Collecting static files")
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

        log("Preparing databases")
        databases = Databases(base_url)
        small_url = prepare_database(databases, env, "small", 0, 0, args.seed)
        large_url = prepare_database(
            databases, env, f"large_n{args.notices}_s{args.statements}_seed{args.seed}",
            args.notices, args.statements, args.seed,
        )  # fmt: skip

        pages = {name: path.format(query=args.notices_query) for name, path in PAGES.items()}
        log("Counting SQL queries per request (in-process, Django test client)")
        queries = {
            "small": count_queries(env, small_url, list(pages.values())),
            "large": count_queries(env, large_url, list(pages.values())),
        }
        connection_settings = {k: queries["small"][k] for k in ("vendor", "conn_max_age", "conn_health_checks")}

        port = args.port
        small = Gunicorn("small", port, workers, {**env, "DATABASE_URL": small_url}, tmp)
        large = Gunicorn("large", port + 1, workers, {**env, "DATABASE_URL": large_url}, tmp)
        cached = Gunicorn(
            "cached", port + 2, workers, {**env, "DATABASE_URL": large_url, "PAGE_CACHE_SECONDS": "300"}, tmp
        )
        nginx = Nginx(nginx_binary, port + 3, workers, tmp)
        for server in (small, large, cached, nginx):
            servers.append(server)
            server.start()
        log(f"Servers up: gunicorn small :{port}, large :{port + 1}, cached :{port + 2}; nginx :{port + 3}")

        # (data, target name, URL, a quick URL on the same server to wait on between targets)
        django_probe = f"http://127.0.0.1:{port}{BASELINE_PATH}"
        targets = [
            ("baseline", "Django baseline (12 KB, no DB)", django_probe, django_probe),
            ("baseline", "nginx static file (same 12 KB)", f"http://127.0.0.1:{port + 3}/baseline.html", None),
        ]
        for name, path in pages.items():
            targets.append(("small", name, f"http://127.0.0.1:{port}{path}", django_probe))
            targets.append(
                ("large", name, f"http://127.0.0.1:{port + 1}{path}", f"http://127.0.0.1:{port + 1}{BASELINE_PATH}")
            )
        for name in CACHED_PAGES:
            targets.append(
                (
                    "cached",
                    name,
                    f"http://127.0.0.1:{port + 2}{pages[name]}",
                    f"http://127.0.0.1:{port + 2}{BASELINE_PATH}",
                )
            )

        failures, sizes, measured, timeouts = [], {}, [], {}
        for target in targets:
            data, name, url, _ = target
            status, size = fetch(url)
            if status != 200:
                failures.append(f"{data} {name}: HTTP {status} from {url}")
                log(f"  {data:8} {name}: HTTP {status}, not measured")
                continue
            sizes[(data, name)] = size
            measured.append(target)

        runs = {(data, name): [] for data, name, _, _ in measured}
        started = time.monotonic()
        for round_number in range(1, args.repetitions + 1):
            log(f"Round {round_number} of {args.repetitions}")
            for data, name, url, probe in measured:
                run = load(url, args.duration, args.connections, 2)
                if probe:
                    drain(probe)
                if "error" in run:
                    failures.append(f"{data} {name}: load generator failed: {run['error']}")
                    continue
                if run["errors"]:
                    failures.append(f"{data} {name}: {run['errors']} failed requests in round {round_number}")
                if run["timeouts"]:
                    timeouts[(data, name)] = timeouts.get((data, name), 0) + run["timeouts"]
                runs[(data, name)].append(run)
                log(
                    f"  {data:8} {name:32} {run['rps']:8.0f} req/s  p50 {fmt_ms(run['p50'])} ms  "
                    f"p99 {fmt_ms(run['p99'])} ms  timeouts {run['timeouts']}"
                )
        elapsed = time.monotonic() - started
        memory = {server.name: server.peak_worker_memory_mb() for server in (small, large, cached)}
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    summary = {key: summarise(value) for key, value in runs.items() if value}
    report = build_report(
        args=args,
        cores=cores,
        workers=workers,
        generator=generator,
        connection_settings=connection_settings,
        pages=pages,
        summary=summary,
        sizes=sizes,
        queries=queries,
        memory=memory,
        timeouts=timeouts,
        failures=failures,
        elapsed=elapsed,
    )
    args.output.write_text(report)
    log("")
    log(report)
    log(f"Written to {args.output}")
    if failures:
        log("FAILED: " + "; ".join(failures))
        return 1
    return 0


def build_report(*, args, cores, workers, generator, connection_settings, pages, summary, sizes,
                 queries, memory, timeouts, failures, elapsed):  # fmt: skip
    django = summary.get(("baseline", "Django baseline (12 KB, no DB)"), {}).get("rps", (None,))[0]
    nginx = summary.get(("baseline", "nginx static file (same 12 KB)"), {}).get("rps", (None,))[0]
    vendor = "PostgreSQL" if connection_settings["vendor"] == "postgresql" else "SQLite"
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU cores: {cores}; load average at the end: {os.getloadavg()[0]:.1f} (the machine may be shared)",
        f"- gunicorn: {workers} sync workers (one per core), production settings (DEBUG=0); "
        f"database: {vendor}, CONN_MAX_AGE={connection_settings['conn_max_age']}, "
        f"CONN_HEALTH_CHECKS={connection_settings['conn_health_checks']}",
        f"- Load: {generator}, {args.connections} connections, {args.duration} s per measurement, "
        f"{args.repetitions} interleaved rounds over every target ({elapsed / 60:.1f} min)",
        f"- Small data: the demo content. Large data: the demo plus {args.notices:,} notices and "
        f"{args.statements:,} statements (`seed_scale --seed {args.seed}`); the same demo pages are requested on both",
        f"- Notices list and CSV export query string: `{args.notices_query or '(none: plain list)'}`",
        "- Figures: median of the rounds, with (min–max). Ratios use medians.",
        "",
        "| data | target | req/s | p50 ms | p99 ms | × Django baseline | × nginx | large ÷ small | SQL queries | bytes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (data, name), stats in summary.items():
        rps = stats["rps"][0]
        share = f"{rps / django:.0%}" if django else "–"
        vs_nginx = f"{rps / nginx:.1%}" if nginx else "–"
        growth = "–"
        if data == "large" and ("small", name) in summary:
            growth = f"{rps / summary[('small', name)]['rps'][0]:.0%}"
        query_count = "–"
        if data in ("small", "large") and name in pages:
            query_count = str(queries[data]["pages"][pages[name]]["queries"])
        lines.append(
            f"| {data} | {name} | {fmt_spread(stats['rps'])} | {fmt_spread(stats['p50'], 1)} | "
            f"{fmt_spread(stats['p99'], 1)} | {share} | {vs_nginx} | {growth} | {query_count} | {sizes[(data, name)]:,} |"
        )
    lines += ["", "Peak resident memory of a gunicorn worker (VmHWM): " + ", ".join(
        f"{name} {value:.0f} MB" for name, value in memory.items() if value is not None
    ), ""]  # fmt: skip

    checks = []

    def check(ok, text):
        checks.append(f"- {'PASS' if ok else 'FAIL'}: {text}")

    for name, path in pages.items():
        small_q, large_q = queries["small"]["pages"][path], queries["large"]["pages"][path]
        if small_q["status"] == 200 and large_q["status"] == 200:
            check(small_q["queries"] == large_q["queries"],
                  f"{name}: {small_q['queries']} queries at small data, {large_q['queries']} at large")  # fmt: skip
    for name, target in SHARE_TARGETS.items():
        stats = summary.get(("small", name))
        if stats and django:
            share = stats["rps"][0] / django
            check(
                share >= target,
                f"{name} uncached at small data: {share:.0%} of the Django baseline (target {target:.0%})",
            )
    for name in pages:
        small, large = summary.get(("small", name)), summary.get(("large", name))
        if small and large:
            growth = large["rps"][0] / small["rps"][0]
            check(
                growth >= LARGE_TO_SMALL_TARGET,
                f"{name} at large data: {growth:.0%} of its small-data req/s (target 80%)",
            )
            p99 = large["p99"][0]
            check(
                p99 < P99_TARGET_MS,
                f"{name} at large data: p99 {p99:.1f} ms at {args.connections} connections (target < 100 ms)",
            )
    cached = summary.get(("cached", "statement"))
    if cached and django:
        share = cached["rps"][0] / django
        check(
            share >= CACHED_STATEMENT_TARGET, f"cached statement page: {share:.0%} of the Django baseline (target 90%)"
        )
    if memory.get("large") is not None:
        check(memory["large"] < WORKER_MEMORY_TARGET_MB,
              f"worker peak memory at large data: {memory['large']:.0f} MB (target < 150 MB)")  # fmt: skip
    lines += ["## Targets", "", *checks, ""]
    if timeouts:
        lines += ["Requests that took over 10 s (wrk timeouts, left out of the latencies): " + ", ".join(
            f"{data} {name} {count}" for (data, name), count in timeouts.items()
        ) + ".", ""]  # fmt: skip
    if failures:
        lines += ["## Errors", "", *[f"- {failure}" for failure in failures], ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
