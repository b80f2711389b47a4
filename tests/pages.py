"""Helpers for checking the parts every public page shares."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

TITLE_SUFFIX = "Cambridgeshire &amp; Peterborough Combined Authority"


def page_title(response):
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return match.group(1).strip() if match else None


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
