"""CPU time per request in one process, without an HTTP server: ``python -m bench.hitcost PATH``.

Calls the WSGI application the settings in ``DJANGO_SETTINGS_MODULE`` build, once to warm up
(and, with the page cache on, to store the page), then times ``--requests`` calls in each of
``--rounds`` rounds and prints, as JSON, the median CPU microseconds per request. With the page
cache on it also times the page cache's own lookup of the same page alone (its one Redis round
trip, unpickling included), so a report can say how much of a hit that round trip is.

Run once with the bare baseline's settings and once with the site's: the gap between the two is
what a page-cache hit costs above any Django page, in Python, where wrk's figures also carry
gunicorn's and the load generator's share of the machine.
"""

import argparse
import io
import json
import statistics
import sys
import time

import django


def environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def cpu_microseconds(call, requests, rounds):
    """The median over ``rounds`` of the CPU time ``call()`` takes, per call, in microseconds."""
    per_round = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            call()
        per_round.append((time.process_time() - started) / requests * 1e6)
    return statistics.median(per_round)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    django.setup()

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

    application = WSGIHandler()
    statuses = []

    def request():
        body = application(environ(args.path), lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        body.close()

    request()
    request()  # the second is a hit when the page cache is on
    figures = {
        "path": args.path,
        "status": statuses[-1],
        "request_us": cpu_microseconds(request, args.requests, args.rounds),
    }
    if getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0:
        from core import pagecache

        key = pagecache.page_key(WSGIRequest(environ(args.path)), "127.0.0.1")
        if pagecache.lookup(key)[1] is None:
            sys.exit(f"{args.path} was not in the page cache after two requests")
        figures["lookup_us"] = cpu_microseconds(lambda: pagecache.lookup(key), args.requests, args.rounds)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
