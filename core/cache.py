"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache call, and each one fills a table
of some 170 response callbacks: on a page-cache hit that was about a third of the CPU. A client
is only a handle on its connection pool (thread-safe, and reset by redis-py after a fork), so one
per pool serves every call.
"""

from django.core.cache.backends import redis as django_redis
from redis.backoff import NoBackoff
from redis.retry import Retry


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# Django's Redis backend keeps its redis-py clients private: the functions below reach them here, so
# that nothing outside this module does. Both accept Django's own backend as well as the one above.


def writing_client(cache):
    """The redis-py client ``cache`` writes with, or None when it is not a Redis cache."""
    return cache._cache.get_client(write=True) if isinstance(cache, django_redis.RedisCache) else None


def new_listening_client(cache):
    """A client of its own on the server ``cache`` writes to, for a Pub/Sub channel, that never
    reconnects by itself: redis-py would otherwise reconnect and subscribe again without a word, and
    whatever was announced in between would be lost. None when ``cache`` is not a Redis cache."""
    if not isinstance(cache, django_redis.RedisCache):
        return None
    backend = cache._cache
    options = {**backend._pool_options, "retry": Retry(NoBackoff(), 0), "max_connections": 1}
    return backend._client(connection_pool=backend._pool_class.from_url(backend._servers[0], **options))
