"""The Redis cache keeps one redis-py client per connection pool instead of one per call."""

import uuid

from core.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/6"


def make_cache():
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex[:8]}"})


def test_every_call_uses_the_same_client_and_values_round_trip():
    cache = make_cache()
    first = cache._cache.get_client()
    cache.set("page", {"content": b"<p>Hello</p>"}, 30)
    assert cache.get_many(["page", "missing"]) == {"page": {"content": b"<p>Hello</p>"}}
    assert cache._cache.get_client(write=True) is first
    assert cache.delete("page")


def test_separate_caches_keep_separate_clients():
    assert make_cache()._cache.get_client() is not make_cache()._cache.get_client()
