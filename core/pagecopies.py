"""Copies of cached pages kept in each worker, so that most page-cache hits make no round trip.

The page cache (``core.pagecache``) keeps pages in Redis under a generation that every save
replaces, and a hit reads the generation and the page together. Each process also keeps copies
of the pages it served last, and serves one only while it is sure which generation is current:

- it subscribes to a Redis channel on which every new generation is announced (``announce``),
  and at the start of each request reads whatever has arrived there, without waiting;
- Redis sends an announcement to every subscriber in the same step as its answer to the server
  that made it, so a request that starts after a save was answered finds the new generation
  waiting here;
- Redis answers a ping on the channel only after everything announced before it, so each answer
  vouches for the channel up to the moment the ping was sent. Past ``LISTENING_SECONDS`` after
  that moment the process pings again and serves no copy until the answer is back: a connection
  that went silent is never trusted for longer than that.

Whenever the process is not sure (a cache other than Redis, Redis down or slow, a ping not yet
answered, a worker just forked), ``PageCopies.get()`` finds no copy,
and the page cache reads Redis as before. A copy also carries the moment its page stops being
true (the next scheduled change or midnight), which the page cache checks as for any entry.
"""

import collections
import contextlib
import logging
import os
import threading
import time

from django.conf import settings
from django.core.cache import caches
from redis.exceptions import ConnectionError as RedisConnectionError

from core.cache import new_listening_client, writing_client
from core.cacheguard import CACHE_FAILURES, is_skipped

logger = logging.getLogger(__name__)

# How long a silent channel is trusted; past this, copies wait until Redis answers a ping on it.
LISTENING_SECONDS = 1.0
# How long to wait for Redis to confirm the subscription before falling back to reading it.
SUBSCRIBE_TIMEOUT_SECONDS = 0.5

_clock = time.monotonic


def channel_name(alias, key):
    # The cache's key prefix and version keep sites (and test runs) that share one Redis apart:
    # channels, unlike keys, are shared by every database number.
    return caches[alias].make_key(key)


def announce(alias, key, generation):
    """Tell every process listening that ``generation`` is now current (no-op without Redis)."""
    client = writing_client(caches[alias])
    if client is not None:
        client.publish(channel_name(alias, key), generation)


class PageCopies:
    """This process's copies of cached pages and what it has heard of the current generation.

    ``read_generation()`` reads (or starts) the generation from the cache itself; it is called
    once the subscription is confirmed, so nothing announced after it can be missed.
    """

    def __init__(self, alias, key, read_generation):
        self.alias = alias
        self.key = key
        self.read_generation = read_generation
        self._entries = collections.OrderedDict()
        self._lock = threading.Lock()
        self._forget()

    def reset(self):
        """Stop listening and drop every copy (the cache settings changed)."""
        with self._lock:
            if self._pubsub is not None and self._pid == os.getpid():
                _close(self._pubsub)
            self._forget()

    def _forget(self):
        # After a fork the parent's connection is not this process's to read: leave it alone.
        self._pid = os.getpid()
        self._pubsub = None
        self._generation = None
        self._sure_until_at = float("-inf")  # every announcement made before this moment has been read
        self._pinged_at = None
        self._retry_at = 0.0
        self._entries.clear()

    def get(self, key):
        """The copy of ``key`` if it was stored under the generation known to be current, else None."""
        if settings.PAGE_CACHE_LOCAL_COPIES <= 0 or not self._lock.acquire(blocking=False):
            return None  # another thread is reading the channel: let this request read Redis
        try:
            generation = self._current_generation()
            entry = self._entries.get(key)
            if generation is None or entry is None or entry["generation"] != generation:
                return None
            self._entries.move_to_end(key)
            return entry
        finally:
            self._lock.release()

    def generation(self):
        """The generation known to be current, with no round trip; None when this process cannot be sure.

        Listens whatever ``PAGE_CACHE_LOCAL_COPIES`` says: a page rendered afresh needs the generation
        too (for the next scheduled change its proxy headers stop at), copies or not.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return self._current_generation()
        finally:
            self._lock.release()

    def keep(self, key, entry):
        """Keep ``entry`` if it belongs to the generation known to be current; the oldest copy goes first."""
        limit = settings.PAGE_CACHE_LOCAL_COPIES
        if limit <= 0 or entry is None or not self._lock.acquire(blocking=False):
            return
        try:
            if self._pid != os.getpid() or entry["generation"] != self._generation:
                return
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > limit:
                self._entries.popitem(last=False)
        finally:
            self._lock.release()

    def _current_generation(self):
        """The current generation as announced, or None when this process cannot be sure of it."""
        if self._pid != os.getpid():
            self._forget()
        now = _clock()
        if self._pubsub is None and not self._listen(now):
            return None
        try:
            while (message := self._pubsub.get_message(timeout=0)) is not None:
                self._hear(message)
            if now - self._sure_until_at > LISTENING_SECONDS:
                if self._pinged_at is None:
                    self._pubsub.ping()
                    self._pinged_at = now
                return None
        except CACHE_FAILURES:
            logger.warning("Lost the page cache's channel; reading Redis on every hit for now.", exc_info=True)
            self._stop_listening(now)
            return None
        return self._generation

    def _hear(self, message):
        if message["type"] == "subscribe":
            raise RedisConnectionError("subscribed again: announcements may have been missed")
        if message["type"] == "message":
            self._generation = message["data"].decode()
        elif message["type"] == "pong" and self._pinged_at is not None:
            self._sure_until_at, self._pinged_at = self._pinged_at, None

    def _listen(self, now):
        """Subscribe to the channel and read the generation; False (and no retry for a while) if it fails."""
        if now < self._retry_at or is_skipped(self.alias):
            return False  # a cache that just failed or hung is not waited on again until its back-off ends
        client = new_listening_client(caches[self.alias])
        if client is None:
            self._retry_at = float("inf")
            return False
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(channel_name(self.alias, self.key))
            confirmed = pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT_SECONDS)
            if confirmed is None or confirmed["type"] != "subscribe":
                raise TimeoutError("Redis did not confirm the subscription")
            generation = self.read_generation()
        except CACHE_FAILURES:
            logger.warning("Could not listen for page cache generations; reading Redis on every hit.", exc_info=True)
            _close(pubsub)
            self._retry_at = now + settings.CACHE_BACKOFF_SECONDS
            return False
        # Everything announced once the subscription was confirmed reaches the channel; the
        # generation was read after that, so this process is sure of it as of ``now``.
        self._pubsub, self._generation, self._sure_until_at, self._pinged_at = pubsub, generation, now, None
        self._entries.clear()
        return True

    def _stop_listening(self, now):
        pubsub, self._pubsub, self._generation = self._pubsub, None, None
        self._entries.clear()
        self._retry_at = now + settings.CACHE_BACKOFF_SECONDS
        _close(pubsub)


def _close(pubsub):
    with contextlib.suppress(CACHE_FAILURES):
        pubsub.close()
        pubsub.connection_pool.disconnect()
