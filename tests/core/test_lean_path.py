"""An anonymous reader's public page skips sessions, sign-in and messages; officers keep the full stack."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_notice, make_statement
from tests.production.test_headers import assert_security_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement_url():
    return make_statement(notice=make_notice()).get_absolute_url()


def test_anonymous_public_get_without_a_cookie_has_no_session_and_no_messages(client, statement_url):
    """The session and message middlewares are passed by: nothing on the request but an anonymous user."""
    response = client.get(statement_url)
    assert response.status_code == 200
    request = response.wsgi_request
    assert not hasattr(request, "session")
    assert not hasattr(request, "_messages")
    assert request.user.is_anonymous
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_anonymous_public_get_touches_no_session_or_login_limit_table(client, statement_url):
    """The page's own queries only: no session row read, no axes lockout looked up."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(statement_url).status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "django_session" not in tables
    assert "axes_" not in tables


def test_lean_page_keeps_every_security_header(client, statement_url):
    assert_security_headers(client.get(statement_url))


def test_lean_page_varies_by_cookie_once_it_read_who_is_signed_in(client, statement_url, settings):
    """The page cache asks whether the reader is signed in, so a proxy must key the page on the cookie."""
    settings.PROXY_CACHE_SECONDS = 60
    response = client.get(statement_url)
    assert response.wsgi_request.user.is_anonymous
    assert "Cookie" in response["Vary"]
    assert response["Cache-Control"].startswith("public")


def test_a_session_cookie_runs_the_full_stack_on_a_public_page(client, statement_url):
    """Even a stale cookie: Django's session middleware looks it up, so a signed-in officer is recognised."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    request = client.get(statement_url).wsgi_request
    assert hasattr(request, "session")
    assert hasattr(request, "_messages")


def test_a_signed_in_editor_is_recognised_on_a_public_page(client, editor, statement_url):
    request = client.get(statement_url).wsgi_request
    assert request.user == editor


def test_a_signed_in_editor_gets_a_public_page_no_proxy_may_keep(client, editor, statement_url, settings):
    settings.PROXY_CACHE_SECONDS = 60
    assert client.get(statement_url)["Cache-Control"] == "private, no-store"


def test_the_admin_always_runs_the_full_stack(client):
    """The admin's sign-in page, asked for without any cookie, still gets a session and messages."""
    request = client.get(reverse("admin:login")).wsgi_request
    assert hasattr(request, "session")
    assert hasattr(request, "_messages")


def test_a_post_runs_the_full_stack(client, statement_url):
    request = client.post(statement_url).wsgi_request
    assert hasattr(request, "session")
