"""``manage.py check --deploy`` under the documented production variables (README "Deploying")."""

import subprocess
import sys

from tests.production.servers import ROOT, production_environment


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
