"""``manage.py check --deploy`` under the documented production variables (README "Deploying")."""

import json
import subprocess
import sys

from bench.servers import ROOT, production_environment


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_prints_no_warnings_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_environment())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_check_deploy_warns_when_hsts_is_switched_off():
    """The check is live: switching a protection off brings its warning back."""
    env = production_environment(SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0")
    result = manage("check", "--deploy", env=env)
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", env=production_environment(SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env=production_environment(ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


def test_unknown_cache_url_is_refused():
    result = manage("check", env=production_environment(CACHE_URL="memcached://127.0.0.1"))
    assert result.returncode != 0
    assert "CACHE_URL must start with" in result.stderr


def effective_settings(env):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
        "s.SESSION_ENGINE, s.PAGE_CACHE_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_cache_pages_in_redis_with_sessions_in_the_database():
    backend, location, sessions, page_cache, redirect, proxy_header = effective_settings(production_environment())
    assert backend == "core.cache.RedisCache"
    assert location == "redis://127.0.0.1:6379/6"
    assert sessions == "django.contrib.sessions.backends.db"
    assert page_cache == 300
    assert redirect is True
    assert proxy_header == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_redis_url_sessions_in_cache_and_page_cache_off_are_configurable():
    env = production_environment(
        CACHE_URL=None, REDIS_URL="redis://10.0.0.5:6379/2", SESSION_BACKEND="cache", PAGE_CACHE_SECONDS="0"
    )
    backend, location, sessions, page_cache, _, _ = effective_settings(env)
    assert backend == "core.cache.RedisCache"
    assert location == "redis://10.0.0.5:6379/2"
    assert sessions == "django.contrib.sessions.backends.cache"
    assert page_cache == 0


def test_without_cache_url_each_process_uses_local_memory():
    backend, *_ = effective_settings(production_environment(CACHE_URL=None, REDIS_URL=None))
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
