import subprocess
import sys
import uuid

import pytest
import redis
from django.db import connection

from bench.servers import CLOSED_PORT, ROOT, HungServer, free_ports, production_environment
from core import pagecache


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected as production does: hashed and compressed, in a temporary folder."""
    static_root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=production_environment(STATIC_ROOT=str(static_root)),
        capture_output=True,
        text=True,
        timeout=900,  # a shared, busy machine compresses slowly
    )
    assert result.returncode == 0, result.stderr
    return static_root


@pytest.fixture
def cache_down(settings):
    """Page caching on, with the cache pointed at a closed port (Redis unreachable)."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{CLOSED_PORT}/6",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


SHARED_REDIS_URL = "redis://127.0.0.1:6379/6"


@pytest.fixture(scope="module")
def shared_cache():
    """A Redis cache with a key prefix of its own, so runs never see each other's pages; emptied after."""
    prefix = f"test-servers-{uuid.uuid4().hex[:8]}"
    yield {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": SHARED_REDIS_URL,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    client = redis.Redis.from_url(SHARED_REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="module")
def site_environment(request, django_db_setup, shared_cache):
    """Build the environment of gunicorn servers that share this test run's PostgreSQL database and Redis."""
    collected_static = request.getfixturevalue("collected_static")

    def build(**overrides):
        settings_dict = connection.settings_dict
        user = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else "")
        return production_environment(
            DATABASE_URL=(
                f"postgres://{user}@{settings_dict['HOST'] or '127.0.0.1'}:"
                f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
            ),
            CACHE_URL=shared_cache["LOCATION"],
            CACHE_KEY_PREFIX=shared_cache["KEY_PREFIX"],
            STATIC_ROOT=str(collected_static),
            ALLOWED_HOSTS="127.0.0.1",
            CSRF_TRUSTED_ORIGINS="",
            **overrides,
        )

    return build


@pytest.fixture
def shared(settings, shared_cache):
    """This test process writes to the same database and the same Redis as the servers."""
    settings.CACHES = {"default": shared_cache}
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def hung_cache_server():
    """A socket that accepts connections and never answers, on one of this project's ports."""
    server = HungServer(free_ports(1)[0])
    yield server
    server.stop()


@pytest.fixture
def cache_hung(settings, hung_cache_server):
    """Page caching on, with the cache pointed at a socket that never answers (Redis hung)."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": hung_cache_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on Redis with a key prefix of its own (so its channel too), emptied after."""
    prefix = f"test-copies-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": SHARED_REDIS_URL,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_LOCAL_COPIES = 200
    yield
    pagecache.copies.reset()
    client = redis.Redis.from_url(SHARED_REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()
