import subprocess
import sys

import pytest

from bench.servers import CLOSED_PORT, ROOT, production_environment


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
        timeout=300,
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
