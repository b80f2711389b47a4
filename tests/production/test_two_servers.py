"""Two gunicorn servers sharing one PostgreSQL database and one Redis: no server keeps state of its own."""

import re

import pytest
from django.conf import global_settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from bench.servers import Gunicorn, free_ports
from tests.factories import make_statement
from tests.helpers import admin_url

STATEMENTS = "/governance/transparency/statements/"

# Two servers share one database: PostgreSQL (conftest deselects this module on SQLite).
pytestmark = pytest.mark.postgresql


@pytest.fixture(scope="module")
def servers(site_environment, tmp_path_factory):
    env = site_environment(PAGE_CACHE_SECONDS="300")
    started = [Gunicorn(port, env, workdir=tmp_path_factory.mktemp("gunicorn")) for port in free_ports(2)]
    try:
        for server in started:
            server.start()
        yield started
    finally:
        for server in started:
            server.stop()


def warm(server, path):
    """Request ``path`` until the server answers from its (shared) cache."""
    server.request("GET", path)
    status, headers, content = server.request("GET", path)
    assert status == 200
    assert "Age" in headers, "the page cache is not warm"
    return content


@pytest.mark.django_db(transaction=True)
def test_edit_through_the_orm_is_visible_on_both_servers_next_request(servers, shared):
    server_a, server_b = servers
    statement = make_statement(title="Before the edit")
    for server in servers:
        assert "Before the edit" in warm(server, STATEMENTS)
        assert "Before the edit" in warm(server, statement.get_absolute_url())

    statement.title = "After the edit"
    statement.save()

    for server in (server_b, server_a):
        for path in (STATEMENTS, statement.get_absolute_url()):
            status, _, content = server.request("GET", path)
            assert status == 200
            assert "After the edit" in content
            assert "Before the edit" not in content


@pytest.mark.django_db(transaction=True)
def test_edit_saved_through_admin_on_one_server_is_visible_on_the_other(servers, shared, settings):
    server_a, server_b = servers
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the servers' hashers
    User.objects.create_superuser("officer", password="a-long-test-password")
    statement = make_statement(title="Statement as first published", summary="First summary.")
    assert "Statement as first published" in warm(server_b, STATEMENTS)
    assert "Statement as first published" in warm(server_a, STATEMENTS)

    server_a.request("GET", reverse("admin:login"))
    status, headers, _ = server_a.request(
        "POST",
        f"{reverse('admin:login')}?next={reverse('admin:index')}",
        form={
            "username": "officer",
            "password": "a-long-test-password",
            "csrfmiddlewaretoken": server_a.cookies["csrftoken"],
        },
    )
    assert status == 302, "login through server A failed"
    change = admin_url(statement, "change")
    status, _, form_page = server_a.request("GET", change)
    assert status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
    # The inline formsets' management fields, as the browser would send them.
    management = dict(
        re.findall(
            r'type="hidden" name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d+)"', form_page
        )
    )
    assert management, "the change form has no inline management fields"
    # The versions the form was opened at, which tell a stale save from a fresh one.
    versions = dict(re.findall(r'name="((?:opened|seen)_version)" value="(\d*)"', form_page))
    status, headers, content = server_a.request(
        "POST",
        change,
        form={
            **management,
            **versions,
            "csrfmiddlewaretoken": csrf,
            "title": "Statement as corrected",
            "slug": statement.slug,
            "summary": "Corrected summary.",
            "body": "<p>Corrected body.</p>",
            "notice": "",
            "published_at_0": timezone.localtime(statement.published_at).strftime("%Y-%m-%d"),
            "published_at_1": timezone.localtime(statement.published_at).strftime("%H:%M:%S"),
            "change_kind": "major",
            "change_note": "Corrected the summary.",
            "_save": "Save",
        },
    )
    assert status == 302, content[:2000]

    status, _, content = server_b.request("GET", STATEMENTS)
    assert status == 200
    assert "Statement as corrected" in content
    assert "Statement as first published" not in content

    # The session made on server A is in the shared database: server B knows the officer too.
    server_b.cookies = dict(server_a.cookies)
    status, _, content = server_b.request("GET", change)
    assert status == 200
    assert "Statement as corrected" in content


@pytest.mark.django_db(transaction=True)
def test_servers_send_production_headers(servers, shared):
    status, headers, _ = servers[0].request("GET", STATEMENTS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    status, headers, _ = servers[0].request("GET", STATEMENTS, headers={"X-Forwarded-Proto": "http"})
    assert status == 301
    assert headers["Location"].startswith("https://")
