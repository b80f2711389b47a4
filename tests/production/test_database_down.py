"""PostgreSQL unreachable with the page cache on: pages that need no database are served, the rest say
"try again later" with 503 and Retry-After, and the health check names the database."""

import time
import uuid

import pytest
import redis
from django.test import Client

from bench.servers import CLOSED_PORT, Gunicorn, free_ports, production_environment
from tests.factories import make_statement

REDIS_URL = "redis://127.0.0.1:6379/6"
NO_DATABASE_PAGES = ["/", "/governance/", "/accessibility/", "/robots.txt"]
STATEMENTS = "/governance/transparency/statements/"


@pytest.fixture(scope="module")
def cache_prefix():
    """A key prefix of this module's own on the shared Redis, emptied afterwards."""
    prefix = f"test-database-down-{uuid.uuid4().hex[:8]}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="module")
def server_without_database(collected_static, cache_prefix):
    env = production_environment(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/nothing",
        CACHE_URL=REDIS_URL,
        CACHE_KEY_PREFIX=cache_prefix,
        PAGE_CACHE_SECONDS="300",
        STATIC_ROOT=str(collected_static),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="",
    )
    # Started without waiting for /healthz, which reports the failure these tests make.
    server = Gunicorn(free_ports(1)[0], env)
    server.process = server.launch()
    try:
        for _ in range(150):  # /healthz answers 503 here, so wait for a page that needs no database
            try:
                if server.request("GET", "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("path", NO_DATABASE_PAGES)
def test_pages_that_need_no_database_are_served_while_it_is_down(server_without_database, path):
    """The home, governance and accessibility pages and robots.txt answer 200, twice (rendered, not stored)."""
    for _ in range(2):
        status, _, content = server_without_database.request("GET", path)
        assert status == 200, content[:500]


def test_pages_that_need_the_database_answer_503_with_retry_after(server_without_database):
    """The statements list cannot be read: the friendly error page, 503, and when to come back."""
    status, headers, content = server_without_database.request("GET", STATEMENTS)
    assert status == 503
    assert headers["Retry-After"] == "60"
    assert "Sorry, there is a problem with the service" in content
    assert "Traceback" not in content


def test_the_health_check_names_the_database(server_without_database):
    """/healthz answers 503 with ``database: error`` and the cache still ``ok``."""
    status, _, content = server_without_database.request("GET", "/healthz")
    assert status == 503
    assert '"database": "error"' in content
    assert '"cache": "ok"' in content


@pytest.mark.django_db
def test_a_page_cached_before_the_outage_is_still_served(server_without_database, cache_prefix, settings):
    """A statements list stored in the shared cache while the database was up is served from it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": cache_prefix,
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    host = f"127.0.0.1:{server_without_database.port}"
    settings.ALLOWED_HOSTS = [host.split(":")[0]]
    make_statement(title="Statement read before the outage")
    path = STATEMENTS + "?page=1"
    assert Client(HTTP_HOST=host).get(path).status_code == 200  # stored by a server whose database was up
    status, headers, content = server_without_database.request("GET", path)
    assert status == 200
    assert "Age" in headers
    assert "Statement read before the outage" in content
