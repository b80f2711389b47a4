"""A circuit breaker in front of the shared cache: a hung or failed cache is treated as a missing one.

A Redis that accepts connections but never answers makes every call wait for the socket
timeout; on every request that is an outage, though the pages could be rendered from the
database. So after a cache call fails or times out, this process skips the cache for
``CACHE_BACKOFF_SECONDS`` (a missing cache: reads find nothing, writes keep nothing), then
tries it again. The failure itself still reaches the caller, which logs it, so a broken cache
is logged once per back-off, not on every request. The health check asks the cache directly
and so still reports it.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache that is down or hung raises: Django's Redis backend lets redis-py's errors
# through (its timeouts included); socket errors are OSError.
CACHE_FAILURES = (RedisError, OSError)

_MISSING_CACHE = DummyCache("missing", {})
_clock = time.monotonic


class CacheBreaker:
    """Per process and per cache alias: open (skipping the cache) until ``_retry_at``."""

    def __init__(self, alias):
        self.alias = alias
        self._retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return _clock() < self._retry_at

    def trip(self):
        with self._lock:
            self._retry_at = _clock() + settings.CACHE_BACKOFF_SECONDS
        logger.warning("Cache %r failed; skipping it for %s seconds.", self.alias, settings.CACHE_BACKOFF_SECONDS)

    def reset(self):
        with self._lock:
            self._retry_at = 0.0


class GuardedCache:
    """The cache ``alias``, with every method behind its breaker."""

    def __init__(self, breaker):
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(caches[self._breaker.alias], name)
        if not callable(attribute):
            return attribute
        if self._breaker.is_open:
            return getattr(_MISSING_CACHE, name)

        def call(*args, **kwargs):
            try:
                return attribute(*args, **kwargs)
            except CACHE_FAILURES:
                self._breaker.trip()
                raise

        return call


_breakers = {}


def guarded(alias="default"):
    """The cache ``alias`` behind this process's breaker for it."""
    if alias not in _breakers:
        _breakers.setdefault(alias, CacheBreaker(alias))
    return GuardedCache(_breakers[alias])


def is_skipped(alias="default"):
    """Whether this process is skipping the cache ``alias`` for a back-off after it failed."""
    breaker = _breakers.get(alias)
    return breaker is not None and breaker.is_open


def reset_all():
    """Close every breaker (the cache is tried on the next call): for tests and after a deploy."""
    for breaker in _breakers.values():
        breaker.reset()
