#!/usr/bin/env python
"""Load test: gunicorn with production settings on PostgreSQL, N concurrent clients for T seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpca_loadtest \\
        .venv/bin/python scripts/loadtest.py --clients 50 --duration 60

It migrates the database, loads the demo content, collects static files into a temporary
folder, starts gunicorn (``bench.servers``), and drives the public pages, every notice and
statement page, the exports, the feed and a stylesheet with Locust (headless, ``--csv``), each
simulated client requesting them in turn. It prints requests per second, latency percentiles
and errors; any error (an exception or a status other than 200) makes the exit status 1.
URLs that answer 404 before the run are listed and left out.
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import run_locust  # noqa: E402
from bench.servers import Gunicorn, forget_cache_keys, free_ports, production_environment  # noqa: E402

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
    parser.add_argument("--page-cache-seconds", default="300", help="0 measures the site uncached")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/6"))
    return parser.parse_args()


def environment(args, static_root):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the load test runs as production does.")
    return production_environment(
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=None,
        CACHE_URL=args.cache_url,
        CACHE_KEY_PREFIX=f"loadtest-{secrets.token_hex(4)}",
        PAGE_CACHE_SECONDS=args.page_cache_seconds,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="ERROR",
    )


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def discover(server):
    """The URLs to drive: the fixed ones, every notice and statement page, and the stylesheet."""
    urls, missing = [], []
    for path in FIXED_URLS:
        status, _, body = server.request("GET", path, keep_cookies=False)
        if status == 404:
            missing.append(path)
            continue
        urls.append(path)
        if path in (f"{T}/best-value-notices/", f"{T}/statements/"):
            urls += sorted(set(re.findall(rf'href="({re.escape(path)}[a-z0-9-]+/)"', body)))
        if path == "/":
            urls += re.findall(r'href="(/static/css/[^"]+\.css)"', body)
    return urls, missing


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        env = environment(args, Path(workdir) / "static")
        print("Preparing: migrate, load_demo, collectstatic ...", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        (port,) = free_ports(1)
        server = Gunicorn(port, env, workers=args.workers, workdir=workdir)
        try:
            server.start()
            urls, missing = discover(server)
            for url in urls:  # warm up every worker's connections and the page cache
                server.request("GET", url, keep_cookies=False)
            print(f"Driving {len(urls)} URLs with {args.clients} Locust clients for {args.duration:.0f} s "
                  f"against gunicorn --workers {args.workers} (PAGE_CACHE_SECONDS={args.page_cache_seconds}).")  # fmt: skip
            if missing:
                print("Left out (404 on this build):", ", ".join(missing))
            result = run_locust(server.url(""), urls, args.clients, args.duration, workdir)
        finally:
            server.stop()
            forget_cache_keys(env["CACHE_URL"], env["CACHE_KEY_PREFIX"])

    print()
    print(f"requests      {result['requests']}")
    print(f"requests/s    {result['rps']:.1f}")
    for name in ("p50", "p95", "p99", "mean"):
        if result[name] is not None:
            print(f"latency {name:5} {result[name]:.1f} ms")
    print(f"errors        {result['errors']}")
    for count, description in sorted(result["failures"], reverse=True)[:10]:
        print(f"  {count:6d}  {description}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
