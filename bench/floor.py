"""What the building blocks of any page cost here: ``python -m bench.floor STATEMENT_SLUG``.

The uncached pages are measured against a bare view with no database and no template. These are
the parts every page built with Django's ORM and template engine pays for on top, timed in one
process (CPU microseconds per call, median of rounds) and printed as JSON:

- ``orm_query_us``: one ORM query, the statement ``STATEMENT_SLUG`` by its slug, as a model instance;
- ``cursor_query_us``: the same SQL, compiled once, through a database cursor, rows as tuples;
- ``base_template_us``: the public pages' base template rendered with no content of its own.

Set beside a page's own figures, they say how much of it is the cost of the tools rather than of
what the page does.
"""

import argparse
import json

import django

from bench.inprocess import Stopwatch, per_request


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("slug")
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    django.setup()

    from django.db import connection
    from django.template.loader import get_template
    from django.test import RequestFactory

    from statements.models import Statement

    def orm_query():
        return Statement.objects.get(slug=args.slug)

    sql, params = Statement.objects.filter(slug=args.slug).query.sql_with_params()

    def cursor_query():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    base = get_template("transparency/base.html")
    request = RequestFactory().get("/governance/transparency/")

    def cpu_us(call):
        call()  # the first call sets up what later ones reuse (the connection, the compiled template)
        return per_request(call, args.calls, args.rounds, Stopwatch(), Stopwatch())[0]

    figures = {
        "orm_query_us": cpu_us(orm_query),
        "cursor_query_us": cpu_us(cursor_query),
        "base_template_us": cpu_us(lambda: base.render({}, request)),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
