"""Time per request in one process, without an HTTP server: ``python -m bench.inprocess PATH [PATH ...]``.

Calls the WSGI application the settings in ``DJANGO_SETTINGS_MODULE`` build, three times to warm up
(with the page cache on, the second is a hit and the third is answered from the worker's copy
before Django's handler), then times ``--requests`` calls of each path in
each of ``--rounds`` rounds and prints, as JSON, the median per request of:

- ``request_us``: CPU time of this process (the database's own work is not in it);
- ``sql_us``: wall time waiting on the database, from Django's execute wrapper;
- ``templates_us``: wall time rendering templates, less the SQL they run;
- with the page cache on, ``lookup_us``: the page cache's lookup of the page alone (its one Redis
  round trip, unpickling included).

Run with the bare baseline's settings and with the site's: the gaps are what a page costs above
any Django page, where wrk's figures also carry gunicorn's and the load generator's share.
"""

import argparse
import io
import json
import statistics
import sys
import time
from contextlib import ExitStack

import django


def environ(path):
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


class Stopwatch:
    """Wall time spent inside what it wraps, summed."""

    def __init__(self):
        self.seconds = 0.0

    def database(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started

    def wrap(self, function, *, less=None):
        """``function``, timed; less the time ``less`` (another stopwatch) counts meanwhile."""

        def timed(*args, **kwargs):
            started, already = time.perf_counter(), less.seconds if less else 0.0
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started - ((less.seconds - already) if less else 0.0)

        return timed


def per_request(call, requests, rounds, sql, templates):
    """Medians over ``rounds`` of CPU, SQL and template microseconds per call of ``call()``."""
    cpu, database, rendering = [], [], []
    for _ in range(rounds):
        sql.seconds = templates.seconds = 0.0
        started = time.process_time()
        for _ in range(requests):
            call()
        cpu.append((time.process_time() - started) / requests * 1e6)
        database.append(sql.seconds / requests * 1e6)
        rendering.append(templates.seconds / requests * 1e6)
    return statistics.median(cpu), statistics.median(database), statistics.median(rendering)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    django.setup()

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIRequest
    from django.core.servers.basehttp import get_internal_wsgi_application
    from django.db import connections
    from django.template.backends import django as django_backend

    # What gunicorn serves: the site's WSGI_APPLICATION, or Django's handler alone for the bare baseline.
    application = get_internal_wsgi_application()
    sql, templates = Stopwatch(), Stopwatch()
    # The backend's template is the one a view renders; what it includes renders inside it. A query
    # a template runs (a list read as it is shown) counts as SQL, not as rendering.
    django_backend.Template.render = templates.wrap(django_backend.Template.render, less=sql)
    results = {}
    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(sql.database))
        for path in args.paths:
            statuses = []

            def request(path=path, statuses=statuses):
                body = application(environ(path), lambda status, headers, exc_info=None: statuses.append(status))
                b"".join(body)
                if hasattr(body, "close"):  # as a WSGI server does
                    body.close()

            for _ in range(3):
                request()
            cpu, database, rendering = per_request(request, args.requests, args.rounds, sql, templates)
            figures = {"status": statuses[-1], "request_us": cpu, "sql_us": database, "templates_us": rendering}
            if getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0:
                from core import pagecache

                key = pagecache.page_key(WSGIRequest(environ(path)), "127.0.0.1")
                if pagecache.lookup(key)[1] is None:
                    sys.exit(f"{path} was not in the page cache after two requests")
                figures["lookup_us"] = per_request(lambda key=key: pagecache.lookup(key), args.requests, args.rounds,
                                                   sql, templates)[0]  # fmt: skip
            results[path] = figures
    print(json.dumps(results))


if __name__ == "__main__":
    main()
