"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's backend builds a new ``redis.Redis`` for every cache call, and each one fills a table
of some 170 response callbacks: on a page-cache hit that was about a third of the CPU. A client
is only a handle on its connection pool (thread-safe, and reset by redis-py after a fork), so one
per pool serves every call.
"""

from django.core.cache.backends import redis as django_redis


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
