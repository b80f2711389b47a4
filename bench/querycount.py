"""SQL queries per request, in-process: ``python -m bench.querycount URL [URL ...]``.

Requests each URL twice through Django's test client against the database in
``DATABASE_URL`` and prints, as JSON, the status and the number of queries of the second
request (the first warms up whatever a worker loads once). Also reports the connection
settings the site runs with.
"""

import json
import os
import sys

import django


def main(urls):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                response.getvalue()  # a streamed export reads its rows as it is sent
        results[url] = {"status": response.status_code, "queries": len(queries)}
    database = settings.DATABASES["default"]
    print(
        json.dumps(
            {
                "pages": results,
                "vendor": connection.vendor,
                "conn_max_age": database.get("CONN_MAX_AGE"),
                "conn_health_checks": database.get("CONN_HEALTH_CHECKS"),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
