"""The cache's circuit breaker: after a failure the cache is skipped for a back-off, then tried again."""

import time

import pytest
from redis.exceptions import RedisError

from core import cacheguard

# Skipping a hung cache is checked against wall-clock bounds.
pytestmark = pytest.mark.timing


@pytest.fixture
def clock(monkeypatch):
    """The breaker's clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(cacheguard, "_clock", lambda: now[0])
    return now


def test_a_failed_call_is_reported_then_the_cache_is_skipped_without_waiting(cache_down, clock):
    """The first call waits and fails; until the back-off ends, calls return at once as from an empty cache."""
    cache = cacheguard.guarded()
    with pytest.raises(RedisError):
        cache.get("key")
    started = time.monotonic()
    assert cache.get("key") is None
    cache.set("key", "value", 10)
    assert cache.get("key", "default") == "default"
    assert time.monotonic() - started < 0.25  # well under the 0.5 s a hung call waits


def test_the_cache_is_tried_again_after_the_back_off(cache_down, clock, settings):
    """Once CACHE_BACKOFF_SECONDS have passed the next call reaches the cache again."""
    settings.CACHE_BACKOFF_SECONDS = 30
    cache = cacheguard.guarded()
    with pytest.raises(RedisError):
        cache.get("key")
    clock[0] += 29
    assert cache.get("key") is None  # still skipped
    clock[0] += 2
    with pytest.raises(RedisError):
        cache.get("key")


def test_a_working_cache_is_used_as_it_is(clock):
    """With nothing failing, the guarded cache is the cache."""
    cache = cacheguard.guarded()
    cache.set("guarded-key", "value", 10)
    assert cache.get("guarded-key") == "value"
    cache.delete("guarded-key")


@pytest.mark.django_db
def test_the_health_check_still_reports_a_cache_the_breaker_skips(client, cache_down, clock):
    """The pages skip the cache, but /healthz asks it directly and answers 503 ``cache: error``."""
    with pytest.raises(RedisError):
        cacheguard.guarded().get("key")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_public_pages_answer_at_once_while_a_hung_cache_is_skipped(client, cache_hung, clock):
    """The first request waits for the hung cache's timeout; the next ones are rendered without waiting."""
    started = time.monotonic()
    assert client.get("/accessibility/").status_code == 200
    assert time.monotonic() - started >= 0.5, "the first request should have met the hung cache"
    for _ in range(5):
        started = time.monotonic()
        assert client.get("/accessibility/").status_code == 200
        assert time.monotonic() - started < 0.5, "a request waited on the hung cache"


def test_a_hung_cache_trips_the_breaker_like_a_failed_one(cache_hung, clock):
    """A call that times out opens the breaker: the next call returns at once."""
    cache = cacheguard.guarded()
    with pytest.raises(RedisError):
        cache.get("key")
    started = time.monotonic()
    assert cache.get("key") is None
    assert time.monotonic() - started < 0.25  # well under the 0.5 s a hung call waits
