#!/usr/bin/env python3
"""Benchmark the public pages against a bare Django view and nginx, in one run (``make bench``).

What it does, in order:
1. prepares two benchmark databases (small: the demo content; large: the demo plus
   ``seed_scale`` content, 10,000 notices and 100,000 statements by default), reused between
   runs when they already hold that content. PostgreSQL when ``DATABASE_URL`` is set
   (databases ``<name>_bench_small`` and ``<name>_bench_large_...`` on the same server),
   else SQLite files under ``bench/.data/``;
2. starts the servers (``bench.servers``): gunicorn with the bare baseline settings; gunicorn
   with production settings (``DEBUG=0``) and the page cache off on each database; gunicorn on
   the large database with the page cache on Redis; and one nginx that serves the 12 KB baseline
   page as a static file and proxies everything else, through its ``proxy_cache``, to the
   cached gunicorn;
3. counts SQL queries per request for each page, in-process, against both databases;
4. drives every target with ``wrk`` (``bench.load``) for a fixed time, interleaving the targets
   and repeating the round, and measures a fresh worker's memory for one unfiltered export;
5. times search at large data one request at a time, for a common and a rare word, with the
   database's own time for its queries (``bench.search``);
6. writes ``bench/results.md`` (``bench.report``) and exits non-zero when a page errors.

``--only search`` prepares only the large database, starts only its server and prints the
search figures (``bench/results.md`` is left as it is). ``--only exports`` prepares a large
database for each size in ``--notices`` (``10000,100000``: one after the other; no statements
unless ``--statements`` says so) and prints, for each unfiltered export, the sitemap index and
the notices' first and last sitemap pages, the memory one fresh worker adds to serve it once,
the bytes sent and the time taken.

The machine may be shared: every figure is the median of the repetitions with its min-max.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.baseline import BASELINE_HTML  # noqa: E402
from bench.load import drain, fetch, run_wrk, wrk_available  # noqa: E402
from bench.report import (  # noqa: E402
    BARE,
    IN_PROJECT,
    NGINX,
    SHARE_TARGETS,
    build_report,
    export_section,
    fmt_ms,
    search_section,
    summarise,
)
from bench.search import COMMON_WORD, RARE_WORD, measure  # noqa: E402
from bench.servers import (  # noqa: E402
    Gunicorn,
    Nginx,
    forget_cache_keys,
    free_ports,
    nginx_binary,
    production_environment,
)

PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
DATA_DIR = ROOT / "bench" / ".data"
CACHE_URL = "redis://127.0.0.1:6379/7"

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
    "search, common word": f"/search/?q={COMMON_WORD}",
}
BASELINE_PATH = "/__bench__/baseline/"
CACHED_PAGES = ["statement", "notice", "transparency index"]
EXPORTS = {
    "CSV, every notice": "/governance/transparency/best-value-notices.csv",
    "JSON, every notice": "/governance/transparency/best-value-notices.json",
}
SITEMAP_INDEX = "/sitemap.xml"


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

    def _admin_connection(self):
        import psycopg2

        parts = urllib.parse.urlsplit(self.base_url)
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=urllib.parse.unquote(parts.username or ""),
            password=urllib.parse.unquote(parts.password or ""),
            dbname="postgres",
        )
        connection.autocommit = True
        return connection

    def recreate(self, name, keep=False):
        """An empty database (``keep``: only create it when missing)."""
        url = self.url(name)
        if not self.base_url:
            if not keep:
                Path(urllib.parse.urlsplit(url).path).unlink(missing_ok=True)
            return
        database = urllib.parse.urlsplit(url).path.lstrip("/")
        connection = self._admin_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            exists = cursor.fetchone() is not None
            if exists and not keep:
                cursor.execute(f'DROP DATABASE "{database}"')
            if not exists or not keep:
                cursor.execute(f'CREATE DATABASE "{database}"')
        connection.close()


def prepare_database(databases, env, name, notices, statements, seed):
    databases.recreate(name, keep=True)
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


def run_bench_module(module, args, env, database_url, failure):
    """Run ``python -m <module> <args>`` against ``database_url`` and return the JSON of its last line."""
    result = subprocess.run(
        [PYTHON, "-m", module, *args],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"{failure} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def count_queries(env, database_url, paths):
    return run_bench_module("bench.querycount", paths, env, database_url, "Counting queries")


# --- measurement -------------------------------------------------------------------------


def measure_search(env, database_url, server, requests):
    """For the common and the rare word: matches, queries and their EXPLAIN ANALYZE times, and
    the p50 of ``requests`` search pages fetched one at a time from ``server`` (and of as many
    of its trivial page, for comparison)."""
    figures = run_bench_module(
        "bench.search", [COMMON_WORD, RARE_WORD], env, database_url, "Explaining the search queries"
    )
    for word in (COMMON_WORD, RARE_WORD):
        figures[word]["timed"] = measure(server.url(f"/search/?q={word}"), requests)
    # The same server's trivial page, timed the same way: what the machine's load adds to any request.
    figures["baseline"] = measure(server.url(BASELINE_PATH), requests)
    return figures


def measure_in_process(env, uncached_env, cached_env, reads_env, pages):
    """Time per request in one process (``bench.inprocess``): the bare view; each page with a share
    goal, uncached, with its SQL and template time; the statement page as a page-cache hit served
    from the worker's copy and read from Redis; and what one ORM query and the base template cost
    (``bench.floor``)."""

    def run(environment, paths, *options):
        return run_bench_module(
            "bench.inprocess", [*options, *paths], environment, environment["DATABASE_URL"],
            "Timing pages in-process",
        )  # fmt: skip

    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare_settings", "DATABASE_URL": uncached_env["DATABASE_URL"]}
    uncached = run(uncached_env, [pages[name] for name in SHARE_TARGETS], "--requests", "100", "--rounds", "3")
    return {
        "bare": run(bare_env, [BASELINE_PATH])[BASELINE_PATH],
        "uncached": {name: uncached[pages[name]] for name in SHARE_TARGETS},
        "copy": run(cached_env, [pages["statement"]])[pages["statement"]],
        "read": run(reads_env, [pages["statement"]])[pages["statement"]],
        "floor": run_bench_module(
            "bench.floor", [DEMO_STATEMENT], uncached_env, uncached_env["DATABASE_URL"], "Timing the building blocks"
        ),
    }


def export_memory(env, port, workdir, paths=EXPORTS):
    """Peak memory a fresh single worker adds to serve each of ``paths`` ({name: path}) once: its
    VmHWM in MB before and after the request, the growth, the bytes sent and the seconds taken."""
    figures = {}
    for name, path in paths.items():
        with Gunicorn(port, env, workers=1, workdir=workdir, name="export") as server:
            server.request("GET", BASELINE_PATH, keep_cookies=False)
            before = server.peak_worker_memory_mb()
            started = time.perf_counter()
            try:
                status, size = fetch(server.url(path))
            except http.client.IncompleteRead as error:
                # gunicorn stops a sync worker that spends longer than its --timeout on one request.
                log(f"  {name}: cut off after {len(error.partial):,} bytes, not measured")
                continue
            seconds = time.perf_counter() - started
            after = server.peak_worker_memory_mb()
        if status != 200:
            log(f"  {name}: HTTP {status}, not measured")
        elif before is not None and after is not None:
            added = after - before
            figures[name] = {"before": before, "after": after, "added": added, "bytes": size, "seconds": seconds}
            log(f"  {name}: {before:.1f} -> {after:.1f} MB (+{added:.1f}), {size:,} bytes in {seconds:.1f} s")
    return figures


def sitemap_paths(env, port, workdir):
    """The sitemap index and the first and last pages of the notices' sitemap, as the index lists them."""
    with Gunicorn(port, env, workers=1, workdir=workdir, name="sitemap") as server:
        status, _, body = server.request("GET", SITEMAP_INDEX, keep_cookies=False)
    if status != 200:
        sys.exit(f"{SITEMAP_INDEX}: HTTP {status}")
    pages = [urllib.parse.urlsplit(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body)]
    notices = [f"{url.path}?{url.query}" if url.query else url.path for url in pages if "sitemap-notices" in url.path]
    if not notices:  # every section fits on one page: /sitemap.xml is the sitemap itself
        return {"sitemap (one page)": SITEMAP_INDEX}
    return {"sitemap index": SITEMAP_INDEX, "sitemap, notices page 1": notices[0],
            f"sitemap, notices page {len(notices)}": notices[-1]}  # fmt: skip


def measure_exports(args, env, databases, workdir, vendor):
    """``--only exports``: for each size, its database and then each export and sitemap page on a fresh worker."""
    (port,) = free_ports(1)
    figures = {}
    for notices in args.notices:
        url = prepare_database(
            databases, env, f"large_n{notices}_s{args.statements}_seed{args.seed}", notices, args.statements, args.seed
        )
        server_env = {**env, "DATABASE_URL": url}
        log(f"Memory of one fresh worker per response, {notices:,} notices")
        paths = {**EXPORTS, **sitemap_paths(server_env, port, workdir)}
        figures[notices] = export_memory(server_env, port, workdir, paths)
    log("")
    log("\n".join(export_section(figures, vendor)))


def stop_on_signal(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def sizes(text):
    """``10000`` or ``10000,100000``."""
    return [int(part) for part in text.split(",")]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement (default 8)")
    parser.add_argument("--repetitions", type=int, default=3, help="rounds over all targets (default 3)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--notices",
        type=sizes,
        default=[10_000],
        help="large data: notices (default 10000); with --only exports, sizes measured in turn, e.g. 10000,100000",
    )
    parser.add_argument("--statements", type=int, help="large data: statements (default 100000; 0 with --only exports)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--notices-query", default=NOTICES_QUERY, help="query string for the list and CSV export")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        choices=["search", "exports"],
        help="measure only this part, on the large data, and print it (no report)",
    )
    parser.add_argument("--search-requests", type=int, default=30, help="search pages timed per word (default 30)")
    args = parser.parse_args()
    if args.repetitions < 3:
        parser.error("--repetitions must be at least 3")
    if args.statements is None:
        args.statements = 0 if args.only == "exports" else 100_000
    if args.only != "exports":
        if len(args.notices) > 1:
            parser.error("several --notices sizes only with --only exports")
        (args.notices,) = args.notices
    return args


def main():
    # Background jobs ignore SIGINT; make SIGINT and SIGTERM stop the servers cleanly.
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    args = parse_args()
    if not args.only and (nginx_binary() is None or not wrk_available()):
        sys.exit("nginx and wrk are needed: apt-get install nginx wrk (make bench installs them)")

    cores = len(os.sched_getaffinity(0))
    workers = cores
    base_url = os.environ.get("DATABASE_URL", "")
    vendor = "PostgreSQL" if base_url else "SQLite"
    log(f"CPU cores: {cores}; gunicorn: {workers} sync workers per server (one per core)")
    log(f"Load generator: wrk, {args.connections} connections, {args.duration} s x {args.repetitions} rounds")
    log(f"Database: {vendor}; page cache: Redis ({CACHE_URL})")

    workdir = Path(tempfile.mkdtemp(prefix="cpca-bench-"))
    cache_prefix = f"bench-{secrets.token_hex(4)}"
    env = production_environment(
        DJANGO_SETTINGS_MODULE="bench.settings",
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=None,
        # Plain HTTP on loopback: in production TLS ends at the proxy in front of gunicorn.
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="0",
        STATIC_ROOT=str(workdir / "static"),
        CACHE_URL=CACHE_URL,
        CACHE_KEY_PREFIX=cache_prefix,
        PAGE_CACHE_SECONDS="0",
    )
    servers = []
    try:
        log("Collecting static files")
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)

        log("Preparing databases")
        databases = Databases(base_url)
        if args.only == "exports":
            measure_exports(args, env, databases, workdir, vendor)
            return 0
        small_url = None if args.only else prepare_database(databases, env, "small", 0, 0, args.seed)
        large_url = prepare_database(
            databases, env, f"large_n{args.notices}_s{args.statements}_seed{args.seed}",
            args.notices, args.statements, args.seed,
        )  # fmt: skip
        if args.only == "search":
            (large_port,) = free_ports(1)
            large = Gunicorn(large_port, {**env, "DATABASE_URL": large_url}, workers, workdir, "large")
            servers.append(large)
            large.start(ready_path=BASELINE_PATH)
            log(f"Timing search one request at a time ({args.search_requests} per word)")
            search = measure_search(env, large_url, large, args.search_requests)
            log("")
            log("\n".join(search_section(search, vendor)[0]))
            return 0

        pages = {name: path.format(query=args.notices_query) for name, path in PAGES.items()}
        log("Counting SQL queries per request (in-process, Django test client)")
        queries = {
            "small": count_queries(env, small_url, list(pages.values())),
            "large": count_queries(env, large_url, list(pages.values())),
        }
        connection_settings = {k: queries["small"][k] for k in ("vendor", "conn_max_age", "conn_health_checks")}

        bare_port, small_port, large_port, cached_port, reads_port, nginx_port, export_port = free_ports(7)
        bare = Gunicorn(bare_port, {**env, "DJANGO_SETTINGS_MODULE": "bench.bare_settings"}, workers, workdir, "bare",
                        application="bench.bare_wsgi:application")  # fmt: skip
        small = Gunicorn(small_port, {**env, "DATABASE_URL": small_url}, workers, workdir, "small")
        large = Gunicorn(large_port, {**env, "DATABASE_URL": large_url}, workers, workdir, "large")
        cached_env = {**env, "DATABASE_URL": large_url, "PAGE_CACHE_SECONDS": "300"}
        cached = Gunicorn(cached_port, cached_env, workers, workdir, "cached")
        # The same, keeping no copies in the worker: every hit reads Redis.
        reads_env = {**cached_env, "PAGE_CACHE_LOCAL_COPIES": "0"}
        reads = Gunicorn(reads_port, reads_env, workers, workdir, "redis-read")
        nginx = Nginx(nginx_port, {"baseline.html": BASELINE_HTML}, upstream_port=cached_port, workers=workers,
                      workdir=workdir)  # fmt: skip
        for server in (bare, small, large, cached, reads, nginx):
            servers.append(server)
            server.start(ready_path="/baseline.html" if server is nginx else BASELINE_PATH)
        log(f"Servers up: bare :{bare_port}, small :{small_port}, large :{large_port}, cached :{cached_port}, "
            f"redis-read :{reads_port}, nginx :{nginx_port}")  # fmt: skip

        # (data, target name, URL, a quick URL on the same server to wait on between targets)
        targets = [
            (*BARE, bare.url(BASELINE_PATH), bare.url(BASELINE_PATH)),
            (*IN_PROJECT, small.url(BASELINE_PATH), small.url(BASELINE_PATH)),
            (*NGINX, nginx.url("/baseline.html"), None),
        ]
        for name, path in pages.items():
            targets.append(("small", name, small.url(path), small.url(BASELINE_PATH)))
            targets.append(("large", name, large.url(path), large.url(BASELINE_PATH)))
        for name in CACHED_PAGES:
            targets.append(("cached", name, cached.url(pages[name]), cached.url(BASELINE_PATH)))
        targets.append(("redis-read", "statement", reads.url(pages["statement"]), reads.url(BASELINE_PATH)))
        targets.append(("proxy", "statement", nginx.url(pages["statement"]), None))
        where = {
            "baseline": "none",
            "small": f"{vendor} / page cache off",
            "large": f"{vendor} / page cache off",
            "cached": f"{vendor} / page cache on Redis, copies in the worker",
            "redis-read": f"{vendor} / page cache on Redis, no copies (every hit reads Redis)",
            "proxy": f"nginx proxy_cache → {vendor} / Redis",
        }

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
                run = run_wrk(url, args.duration, args.connections, 2)
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
                    f"  {data:8} {name:48} {run['rps']:8.0f} req/s  p50 {fmt_ms(run['p50'])} ms  "
                    f"p99 {fmt_ms(run['p99'])} ms  timeouts {run['timeouts']}"
                )
        elapsed = time.monotonic() - started
        log(f"Timing search one request at a time ({args.search_requests} per word)")
        search = measure_search(env, large_url, large, args.search_requests)
        memory = {server.name: server.peak_worker_memory_mb() for server in (small, large, cached)}
        for server in reversed(servers):
            server.stop()
        log("Timing the bare view, the uncached pages and a page-cache hit in-process")
        in_process = measure_in_process(env, {**env, "DATABASE_URL": small_url}, cached_env, reads_env, pages)
        log("Measuring the memory of one unfiltered export")
        exports = {args.notices: export_memory({**env, "DATABASE_URL": large_url}, export_port, workdir)}
    finally:
        for server in reversed(servers):
            server.stop()
        forget_cache_keys(CACHE_URL, cache_prefix)
        shutil.rmtree(workdir, ignore_errors=True)

    summary = {key: summarise(value) for key, value in runs.items() if value}
    report = build_report(
        args=args,
        cores=cores,
        workers=workers,
        vendor=vendor,
        connection_settings=connection_settings,
        pages=pages,
        summary=summary,
        sizes=sizes,
        where=where,
        queries=queries,
        memory=memory,
        export_memory=exports,
        timeouts=timeouts,
        search=search,
        in_process=in_process,
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


if __name__ == "__main__":
    sys.exit(main())
