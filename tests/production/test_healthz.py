"""/healthz: 200 when the database and the cache answer, 503 naming the part that does not."""

import json
import subprocess
import sys
import time

import pytest
from django.core.cache import cache

from bench.servers import CLOSED_PORT, ROOT, production_environment
from core import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_never_served_from_the_page_cache(client, settings, monkeypatch):
    """With the page cache working, a second probe still runs the checks: it sees the database fail."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    assert client.get("/healthz").status_code == 200

    def database_down():
        raise ConnectionError("database unreachable")

    monkeypatch.setitem(health.CHECKS, "database", database_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "Age" not in response
    cache.clear()


def test_healthz_names_the_cache_when_it_is_down(client, cache_down):
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2, "a load balancer's probe must not hang"
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_names_the_database_when_it_is_down():
    """A server whose DATABASE_URL points at a closed port answers 503 ``database: error``."""
    env = production_environment(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/nothing",
        CACHE_URL="locmem://",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
    )
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {"database": "error", "cache": "ok"}
