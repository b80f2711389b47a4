"""HTTP caching: one cache round trip per page-cache hit, and headers a reverse proxy can honour."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from core import pagecache
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

STATEMENTS = "/governance/transparency/statements/"


class CountingCache:
    """The real cache, counting the calls (each one a round trip to Redis in production)."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PROXY_CACHE_SECONDS = 60
    cache.clear()
    yield settings
    cache.clear()


def london(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_a_page_cache_hit_costs_one_cache_round_trip(client, caching, monkeypatch):
    make_statement(title="Cached")
    client.get(STATEMENTS)
    counting = CountingCache(pagecache._cache())
    monkeypatch.setattr(pagecache, "_cache", lambda: counting)
    response = client.get(STATEMENTS)
    assert "Age" in response
    assert counting.calls == ["get_many"]


def test_a_page_rendered_under_an_older_generation_is_not_served(client, caching):
    statement = make_statement(title="Before")
    client.get(STATEMENTS)
    statement.title = "After"
    statement.save()
    response = client.get(STATEMENTS)
    assert "After" in response.content.decode()
    assert "Age" not in response


def test_public_pages_tell_proxies_to_keep_them_for_the_configured_seconds(client, caching):
    make_statement()
    for response in (client.get(STATEMENTS), client.get(STATEMENTS)):  # rendered, then from the page cache
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
        assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")


def test_a_matching_if_none_match_is_answered_304_without_a_body(client, caching):
    make_statement()
    etag = client.get(STATEMENTS)["ETag"]
    for _ in range(2):  # from the page cache, and rendered afresh
        response = client.get(STATEMENTS, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag
        cache.clear()
    assert client.get(STATEMENTS, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_etag_changes_when_the_page_does(client, caching):
    statement = make_statement(title="First wording")
    first = client.get(STATEMENTS)["ETag"]
    statement.title = "Second wording"
    statement.save()
    assert client.get(STATEMENTS)["ETag"] != first


def test_proxies_are_never_told_to_keep_a_page_past_the_next_scheduled_statement(client, caching):
    with time_machine.travel(london(2030, 3, 1, 8, 59, 40), tick=False):
        make_statement(title="Scheduled", published_at=london(2030, 3, 1, 9, 0, 0))
        for _ in range(2):
            assert client.get(STATEMENTS)["Cache-Control"] == "public, max-age=0, s-maxage=20"


def test_a_proxy_revalidating_in_the_last_second_before_a_change_gets_the_whole_page(client, caching):
    """A 304 then would let nginx keep its stored copy for that copy's own seconds again, past the change."""
    make_statement(title="Scheduled", published_at=london(2030, 3, 1, 9, 0, 0))
    with time_machine.travel(london(2030, 3, 1, 8, 59, 58), tick=False):
        etag = client.get(STATEMENTS)["ETag"]
        assert client.get(STATEMENTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with time_machine.travel(london(2030, 3, 1, 8, 59, 59, 500000), tick=False):
        for from_the_page_cache in (True, False):
            response = client.get(STATEMENTS, HTTP_IF_NONE_MATCH=etag)
            assert ("Age" in response) is from_the_page_cache
            assert response.status_code == 200
            assert response["ETag"] == etag
            assert response["Cache-Control"] == "public, max-age=0, s-maxage=0"
            assert "Scheduled" not in response.content.decode()
            cache.clear()


def test_proxies_are_never_told_to_keep_a_page_past_midnight(client, caching):
    make_statement()
    with time_machine.travel(london(2030, 3, 1, 23, 59, 30), tick=False):
        assert client.get(STATEMENTS)["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_signed_in_staff_get_private_uncacheable_pages(client, caching):
    make_statement()
    User.objects.create_superuser("editor", password="a-long-test-password")
    client.login(username="editor", password="a-long-test-password")
    response = client.get(STATEMENTS)
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    assert "ETag" not in response


def test_error_pages_carry_no_public_caching_headers(client, caching):
    response = client.get("/governance/transparency/?on=not-a-date")
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response


def test_without_proxy_seconds_public_pages_carry_no_caching_headers(client, caching):
    caching.PROXY_CACHE_SECONDS = 0
    make_statement()
    for response in (client.get(STATEMENTS), client.get(STATEMENTS)):
        assert "Cache-Control" not in response
        assert "ETag" not in response


def _next_change_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('"withdrawn_at"' in query["sql"] and "MIN(" in query["sql"] for query in queries)


def test_the_next_scheduled_change_is_worked_out_once_per_generation_and_again_after_a_save_or_when_it_passes(
    client, settings
):
    """Pages the proxy may keep ask when content next changes by itself: once per generation, not per page."""
    settings.PROXY_CACHE_SECONDS = 60  # the page cache stays off: every page is rendered
    cache.clear()
    with time_machine.travel(london(2024, 3, 1, 9, 0), tick=False):
        goes_live = london(2024, 3, 1, 9, 0, 30)
        make_statement(title="Scheduled", published_at=goes_live)
        assert _next_change_queries(client, STATEMENTS) == 1
        assert _next_change_queries(client, "/governance/transparency/") == 0
        assert client.get(STATEMENTS)["Cache-Control"].endswith("s-maxage=30")

        make_statement(title="Another")  # a save: a new generation, so the moment is worked out again
        assert _next_change_queries(client, STATEMENTS) == 1
        assert _next_change_queries(client, STATEMENTS) == 0

    with time_machine.travel(london(2024, 3, 1, 9, 0, 31), tick=False):
        # The remembered moment has passed without a save: worked out again, now to midnight.
        assert _next_change_queries(client, STATEMENTS) == 1
        assert client.get(STATEMENTS)["Cache-Control"].endswith("s-maxage=60")
