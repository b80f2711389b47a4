"""Copies of cached pages in each process: served with no round trip only while Redis vouches for them."""

import datetime
import time

import pytest
import redis
import time_machine
from django.utils import timezone

from core import pagecache, pagecopies
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

STATEMENTS = "/governance/transparency/statements/"
REDIS_URL = "redis://127.0.0.1:6379/6"


@pytest.fixture
def round_trips(monkeypatch):
    """Counts the page cache's reads of Redis (``lookup``), which a served copy spares."""
    calls = []
    real_lookup = pagecache.lookup

    def counted(key):
        calls.append(key)
        return real_lookup(key)

    monkeypatch.setattr(pagecache, "lookup", counted)
    return calls


def wait_for_redis():
    """Give Redis a moment to answer the ping this process sent on the channel."""
    time.sleep(0.05)


def test_a_page_this_process_holds_is_served_with_no_round_trip(client, redis_page_cache, round_trips):
    make_statement(title="Held here")
    client.get(STATEMENTS)  # rendered, stored in Redis, and kept here
    reads_before = len(round_trips)
    for _ in range(3):
        response = client.get(STATEMENTS)
        assert "Held here" in response.content.decode()
        assert "Age" in response
    assert len(round_trips) == reads_before


def test_a_save_is_seen_by_the_very_next_request(client, redis_page_cache, round_trips):
    """The save announces a new generation; the next request reads it before looking at its copy."""
    statement = make_statement(title="Before the edit")
    client.get(STATEMENTS)
    client.get(STATEMENTS)
    statement.title = "After the edit"
    statement.save()
    content = client.get(STATEMENTS).content.decode()
    assert "After the edit" in content
    assert "Before the edit" not in content


def test_a_generation_announced_from_elsewhere_retires_the_copies(client, redis_page_cache, round_trips):
    """Another server's save reaches this process only through Redis: a raw publish on the channel."""
    make_statement(title="Held here")
    client.get(STATEMENTS)
    client.get(STATEMENTS)
    reads_before = len(round_trips)
    channel = pagecopies.channel_name("default", pagecache.GENERATION_KEY)
    publisher = redis.Redis.from_url(REDIS_URL)
    assert publisher.publish(channel, "from-another-server") >= 1  # this process is listening
    publisher.close()
    client.get(STATEMENTS)
    assert len(round_trips) == reads_before + 1  # the copy no longer matched: Redis was read


def test_a_silent_channel_is_trusted_for_a_second_at_most(client, redis_page_cache, round_trips, monkeypatch):
    make_statement()
    client.get(STATEMENTS)
    reads_before = len(round_trips)
    later = time.monotonic() + pagecopies.LISTENING_SECONDS + 1
    monkeypatch.setattr(pagecopies, "_clock", lambda: later)
    client.get(STATEMENTS)  # nothing vouched for the channel for over a second: ping, and read Redis
    assert len(round_trips) == reads_before + 1
    wait_for_redis()
    client.get(STATEMENTS)  # the answer to the ping arrived: the copy is good again
    assert len(round_trips) == reads_before + 1


def test_when_the_channel_drops_hits_read_redis_until_it_is_back(
    client, redis_page_cache, round_trips, settings, caplog
):
    make_statement(title="Still served")
    client.get(STATEMENTS)
    client.get(STATEMENTS)
    local_address = pagecache.copies._pubsub.connection._sock.getsockname()
    killer = redis.Redis.from_url(REDIS_URL)
    killer.client_kill_filter(_id=None, addr=f"{local_address[0]}:{local_address[1]}")
    killer.close()
    settings.CACHE_BACKOFF_SECONDS = 0  # listen again on the next request

    reads_before = len(round_trips)
    response = client.get(STATEMENTS)
    assert response.status_code == 200 and "Still served" in response.content.decode()
    assert len(round_trips) == reads_before + 1
    assert "Lost the page cache's channel" in caplog.text

    client.get(STATEMENTS)  # listening again: the page is read once more, then held
    reads_before = len(round_trips)
    client.get(STATEMENTS)
    assert len(round_trips) == reads_before


def test_with_no_copies_every_hit_reads_redis(client, redis_page_cache, round_trips, settings):
    settings.PAGE_CACHE_LOCAL_COPIES = 0
    make_statement()
    client.get(STATEMENTS)
    reads_before = len(round_trips)
    client.get(STATEMENTS)
    client.get(STATEMENTS)
    assert len(round_trips) == reads_before + 2


def test_only_the_pages_served_last_are_kept(client, redis_page_cache, round_trips, settings):
    settings.PAGE_CACHE_LOCAL_COPIES = 1
    statement = make_statement()
    client.get(STATEMENTS)
    client.get(statement.get_absolute_url())  # the list's copy makes way for this one
    reads_before = len(round_trips)
    client.get(statement.get_absolute_url())
    assert len(round_trips) == reads_before
    client.get(STATEMENTS)
    assert len(round_trips) == reads_before + 1


def test_a_held_copy_never_shows_a_scheduled_statement_early_or_late(client, redis_page_cache):
    nine = timezone.make_aware(datetime.datetime(2030, 3, 1, 9, 0))
    make_statement(title="On the dot", published_at=nine)
    with time_machine.travel(nine - datetime.timedelta(milliseconds=1), tick=False):
        client.get(STATEMENTS)
        assert "On the dot" not in client.get(STATEMENTS).content.decode()
    with time_machine.travel(nine, tick=False):
        assert "On the dot" in client.get(STATEMENTS).content.decode()


@pytest.fixture
def generation_reads(monkeypatch):
    """Counts reads of the generation from Redis itself (not heard on the channel)."""
    calls = []
    real = pagecache.current_generation

    def counted(cache=None):
        calls.append(cache)
        return real(cache)

    monkeypatch.setattr(pagecache, "current_generation", counted)
    return calls


def test_a_page_rendered_afresh_takes_the_generation_from_the_channel(
    client, redis_page_cache, generation_reads, settings
):
    """With only the proxy headers on, the next scheduled change is still worked out once per
    generation, and the generation is heard rather than read on each request."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PROXY_CACHE_SECONDS = 60
    make_statement(title="Rendered afresh")
    client.get(STATEMENTS)  # subscribes, and reads the generation once
    reads_before = len(generation_reads)
    for _ in range(3):
        response = client.get(STATEMENTS)
        assert "Rendered afresh" in response.content.decode()
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert len(generation_reads) == reads_before


def test_a_statement_scheduled_by_a_save_shortens_the_proxy_time_at_once(client, redis_page_cache, settings):
    """The save announces a new generation, so the next answer's s-maxage stops at the new change."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PROXY_CACHE_SECONDS = 60
    noon = timezone.make_aware(datetime.datetime(2030, 3, 1, 12, 0))
    with time_machine.travel(noon, tick=False):
        client.get(STATEMENTS)
        assert client.get(STATEMENTS)["Cache-Control"].endswith("s-maxage=60")
        make_statement(title="Soon", published_at=noon + datetime.timedelta(seconds=20))
        assert client.get(STATEMENTS)["Cache-Control"].endswith("s-maxage=20")
