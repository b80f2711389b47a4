#!/usr/bin/env python
"""Load test: gunicorn with production settings on PostgreSQL, N concurrent clients for T seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpca_loadtest \\
        .venv/bin/python scripts/loadtest.py --clients 50 --duration 60

It migrates the database, loads the demo content, collects static files into a
temporary folder, starts gunicorn on 127.0.0.1 (talking to it as a TLS-terminating
proxy would, with ``X-Forwarded-Proto: https``), drives the public pages, the
exports and a stylesheet round-robin from ``--clients`` threads, then reports
requests per second, latency percentiles and errors. Any error (an exception or a
status other than 200) makes the exit status 1. URLs that answer 404 before the
run (the exports, on a build without them) are listed and left out.
"""

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
T = "/governance/transparency"
FIXED_URLS = [
    "/",
    "/governance/",
    f"{T}/",
    f"{T}/?on=2024-03-01",
    f"{T}/best-value-notices/",
    f"{T}/statements/",
    f"{T}/best-value-notices.csv",
    f"{T}/best-value-notices.json",
    f"{T}/feed/",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8650)
    parser.add_argument("--page-cache-seconds", default="300", help="0 measures the site uncached")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/6"))
    return parser.parse_args()


def environment(args, static_root):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the load test runs as production does.")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cpca_portal.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_PROXY_SSL_HEADER="1",
        CACHE_URL=args.cache_url,
        CACHE_KEY_PREFIX=f"loadtest-{secrets.token_hex(4)}",
        PAGE_CACHE_SECONDS=args.page_cache_seconds,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="ERROR",
    )
    return env


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "GET",
            path,
            headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
        )
        response = connection.getresponse()
        body = response.read()
        return response.status, body
    finally:
        connection.close()


def wait_until_healthy(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited before it became healthy")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    sys.exit("gunicorn did not become healthy")


def discover(port):
    """The URLs to drive: the fixed ones, every notice and statement page, and the stylesheet."""
    urls, missing = [], []
    for path in FIXED_URLS:
        status, body = fetch(port, path)
        if status == 404:
            missing.append(path)
            continue
        urls.append(path)
        if path in (f"{T}/best-value-notices/", f"{T}/statements/"):
            html = body.decode()
            urls += sorted(set(re.findall(rf'href="({re.escape(path)}[a-z0-9-]+/)"', html)))
        if path == "/":
            urls += re.findall(r'href="(/static/css/[^"]+\.css)"', body.decode())
    return urls, missing


def drive(port, urls, clients, duration):
    stop_at = time.monotonic() + duration
    latencies, statuses, errors = [], Counter(), Counter()
    lock = threading.Lock()

    def client(offset):
        mine_latencies, mine_statuses, mine_errors = [], Counter(), Counter()
        index = offset
        while time.monotonic() < stop_at:
            path = urls[index % len(urls)]
            index += 1
            started = time.perf_counter()
            try:
                status, _ = fetch(port, path)
            except Exception as error:  # noqa: BLE001 - every failure is counted as an error
                mine_errors[f"{type(error).__name__} on {path}"] += 1
                continue
            mine_latencies.append(time.perf_counter() - started)
            mine_statuses[status] += 1
            if status != 200:
                mine_errors[f"{status} on {path}"] += 1
        with lock:
            latencies.extend(mine_latencies)
            statuses.update(mine_statuses)
            errors.update(mine_errors)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started, latencies, statuses, errors


def forget_cache_keys(env):
    """Remove this run's keys from Redis: the page cache generation key never expires by itself."""
    if not env["CACHE_URL"].startswith(("redis://", "rediss://")):
        return
    import redis

    client = redis.Redis.from_url(env["CACHE_URL"])
    for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
        client.delete(key)
    client.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as static_root:
        env = environment(args, static_root)
        print("Preparing: migrate, load_demo, collectstatic ...", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        command = [
            sys.executable, "-m", "gunicorn", "cpca_portal.wsgi", "--bind", f"127.0.0.1:{args.port}",
            "--workers", str(args.workers), "--no-control-socket", "--backlog", "2048", "--log-level", "warning",
        ]  # fmt: skip
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            wait_until_healthy(args.port, server)
            urls, missing = discover(args.port)
            for url in urls:  # warm up every worker's connections and the page cache
                fetch(args.port, url)
            print(f"Driving {len(urls)} URLs with {args.clients} clients for {args.duration:.0f} s "
                  f"against gunicorn --workers {args.workers} (PAGE_CACHE_SECONDS={args.page_cache_seconds}).")  # fmt: skip
            if missing:
                print("Left out (404 on this build):", ", ".join(missing))
            elapsed, latencies, statuses, errors = drive(args.port, urls, args.clients, args.duration)
        finally:
            server.terminate()
            server.wait(timeout=30)
            forget_cache_keys(env)

    total = len(latencies) + sum(count for key, count in errors.items() if not key[:3].isdigit())
    print()
    print(f"requests      {total}")
    print(f"requests/s    {total / elapsed:.1f}")
    if latencies:
        print(f"latency p50   {percentile(latencies, 0.50) * 1000:.1f} ms")
        print(f"latency p95   {percentile(latencies, 0.95) * 1000:.1f} ms")
        print(f"latency p99   {percentile(latencies, 0.99) * 1000:.1f} ms")
        print(f"latency mean  {statistics.mean(latencies) * 1000:.1f} ms")
    print(f"statuses      {dict(statuses)}")
    print(f"errors        {sum(errors.values())}")
    for key, count in errors.most_common(10):
        print(f"  {count:6d}  {key}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
