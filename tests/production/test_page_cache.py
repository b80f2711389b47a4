"""The public page cache: fast when warm, never late, never early, never for staff or errors."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from statements.models import Statement
from tests.factories import make_area, make_notice, make_statement

pytestmark = pytest.mark.django_db

STATEMENTS = "/governance/transparency/statements/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def london(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_second_request_is_served_from_the_cache_without_queries(client, page_cache, django_assert_num_queries):
    make_statement(title="Cached statement")
    assert "Cached statement" in client.get(STATEMENTS).content.decode()
    with django_assert_num_queries(0):
        response = client.get(STATEMENTS)
    assert "Cached statement" in response.content.decode()
    assert "Age" in response


def test_a_hit_is_answered_before_sign_in_with_the_headers_the_page_was_given(client, page_cache):
    """The middlewares inside the cache do not run for a hit; the security headers, policy and Vary they
    gave the rendered page are replayed with it."""
    make_statement()
    rendered = client.get(STATEMENTS)
    hit = client.get(STATEMENTS)
    assert "Age" in hit
    assert hasattr(rendered.wsgi_request, "user")
    assert not hasattr(hit.wsgi_request, "user")  # the sign-in middleware never ran
    assert {name: value for name, value in hit.items() if name != "Age"} == dict(rendered.items())
    assert "Content-Security-Policy" in hit and "Cookie" in hit["Vary"]


def test_a_reader_with_a_session_cookie_gets_the_page_rendered_afresh(client, page_cache, settings):
    """Only without a session can a reader be known to be anonymous before the page is built."""
    make_statement()
    client.get(STATEMENTS)
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(STATEMENTS)
    assert response.status_code == 200
    assert "Age" not in response
    assert len(queries) > 0


def test_cache_is_off_when_page_cache_seconds_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    make_statement()
    client.get(STATEMENTS)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(STATEMENTS)
    assert len(queries) > 0
    assert "Age" not in response


def test_saving_a_statement_refreshes_cached_pages(client, page_cache):
    statement = make_statement(title="Old title")
    client.get(STATEMENTS)
    client.get(statement.get_absolute_url())
    statement.title = "New title"
    statement.save()
    assert "New title" in client.get(STATEMENTS).content.decode()
    assert "New title" in client.get(statement.get_absolute_url()).content.decode()


def test_deleting_a_statement_refreshes_cached_pages(client, page_cache):
    statement = make_statement(title="Soon gone")
    assert "Soon gone" in client.get(STATEMENTS).content.decode()
    statement.delete()
    assert "Soon gone" not in client.get(STATEMENTS).content.decode()


def test_saving_an_improvement_area_refreshes_the_notice_page(client, page_cache):
    notice = make_notice()
    area = make_area(notice, title="First wording")
    assert "First wording" in client.get(notice.get_absolute_url()).content.decode()
    area.title = "Second wording"
    area.save()
    assert "Second wording" in client.get(notice.get_absolute_url()).content.decode()


def test_publishing_a_notice_refreshes_the_list(client, page_cache):
    notice = make_notice(title="Draft notice", is_published=False)
    assert "Draft notice" not in client.get("/governance/transparency/best-value-notices/").content.decode()
    notice.is_published = True
    notice.save()
    assert "Draft notice" in client.get("/governance/transparency/best-value-notices/").content.decode()


def test_scheduled_statement_is_hidden_one_second_before_and_shown_one_second_after(
    client, page_cache, django_assert_num_queries
):
    """A statement scheduled for 09:00 appears at 09:00 even though the list was cached just before."""
    make_statement(title="Nine o'clock statement", published_at=london(2030, 3, 1, 9, 0))
    with time_machine.travel(london(2030, 3, 1, 8, 59, 59), tick=False):
        assert "Nine o&#x27;clock statement" not in client.get(STATEMENTS).content.decode()
        with django_assert_num_queries(0):
            cached = client.get(STATEMENTS)
        assert "Nine o&#x27;clock statement" not in cached.content.decode()
    with time_machine.travel(london(2030, 3, 1, 9, 0, 1), tick=False):
        assert "Nine o&#x27;clock statement" in client.get(STATEMENTS).content.decode()


def test_scheduled_statement_appears_at_the_exact_second(client, page_cache):
    make_statement(title="On the dot", published_at=london(2030, 3, 1, 9, 0))
    with time_machine.travel(london(2030, 3, 1, 8, 59, 59, 999000), tick=False):
        assert "On the dot" not in client.get(STATEMENTS).content.decode()
    with time_machine.travel(london(2030, 3, 1, 9, 0), tick=False):
        assert "On the dot" in client.get(STATEMENTS).content.decode()


class TheMomentPassesDuringTheRender:
    """Stands just inside the page cache: the page is read, then the clock moves on to ``after``."""

    clock = after = None

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.clock is not None:
            self.clock.move_to(self.after)
        return response


@pytest.fixture
def moment_passes_during_render(settings):
    """Make the next render straddle a moment: ``moment_passes_during_render(clock, after)``."""
    cache_at = settings.MIDDLEWARE.index("core.pagecache.PublicPageCacheMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: cache_at + 1],
        f"{__name__}.TheMomentPassesDuringTheRender",
        *settings.MIDDLEWARE[cache_at + 1 :],
    ]

    def arrange(clock, after):
        TheMomentPassesDuringTheRender.clock, TheMomentPassesDuringTheRender.after = clock, after

    yield arrange
    TheMomentPassesDuringTheRender.clock = TheMomentPassesDuringTheRender.after = None


def test_a_page_rendered_across_the_scheduled_moment_is_not_kept_past_it(
    client, page_cache, moment_passes_during_render, settings
):
    """The list is read just before 09:00 and finished just after: neither this cache nor a proxy
    may keep it as the list of 09:00."""
    settings.PROXY_CACHE_SECONDS = 60
    make_statement(title="On the dot", published_at=london(2030, 3, 1, 9, 0))
    with time_machine.travel(london(2030, 3, 1, 8, 59, 59, 990000), tick=False) as clock:
        moment_passes_during_render(clock, london(2030, 3, 1, 9, 0, 0, 10000))
        before = client.get(STATEMENTS)
        assert "On the dot" not in before.content.decode()
        assert before["Cache-Control"] == "public, max-age=0, s-maxage=0"
        moment_passes_during_render(None, None)
        assert timezone.now() > london(2030, 3, 1, 9, 0)
        assert "On the dot" in client.get(STATEMENTS).content.decode()


def test_scheduled_withdrawal_takes_the_statement_off_the_list_on_time(client, page_cache):
    """A withdrawal set for 09:00 removes the statement from the cached list at 09:00, not later."""
    make_statement(
        title="Soon withdrawn",
        published_at=london(2030, 3, 1, 8, 0),
        withdrawn_at=london(2030, 3, 1, 9, 0),
        withdrawal_reason="it was replaced",
    )
    with time_machine.travel(london(2030, 3, 1, 8, 59, 59), tick=False):
        assert "Soon withdrawn" in client.get(STATEMENTS).content.decode()
    with time_machine.travel(london(2030, 3, 1, 9, 0, 1), tick=False):
        assert "Soon withdrawn" not in client.get(STATEMENTS).content.decode()


def test_notice_status_moves_on_at_midnight_despite_the_cache(client, page_cache):
    notice = make_notice(issued_on=datetime.date(2030, 1, 30), ends_on=datetime.date(2030, 7, 31))
    with time_machine.travel(london(2030, 7, 31, 23, 59, 59), tick=False):
        assert "In force" in client.get(notice.get_absolute_url()).content.decode()
    with time_machine.travel(london(2030, 8, 1, 0, 0, 1), tick=False):
        page = client.get(notice.get_absolute_url()).content.decode()
    assert "Expired" in page


def test_signed_in_staff_are_never_served_or_stored(client, page_cache):
    make_statement(title="Visible")
    User.objects.create_superuser("editor", password="a-long-test-password")
    client.login(username="editor", password="a-long-test-password")
    client.get(STATEMENTS)
    client.logout()
    anonymous = client.get(STATEMENTS)
    assert "Visible" in anonymous.content.decode()
    # The staff request stored nothing: the anonymous one had to render (and is now cached).
    assert "Age" not in anonymous


def test_error_responses_are_not_cached(client, page_cache):
    first = client.get("/governance/transparency/?on=not-a-date")
    assert first.status_code == 400
    second = client.get("/governance/transparency/?on=not-a-date")
    assert second.status_code == 400
    assert "Age" not in second
    missing = "/governance/transparency/statements/not-yet/"
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404
    assert "Age" not in client.get(missing)


def test_admin_and_health_check_are_never_cached(client, page_cache):
    client.get("/healthz")
    assert "Age" not in client.get("/healthz")
    client.get(reverse("admin:login"))
    assert "Age" not in client.get(reverse("admin:login"))


def test_public_pages_keep_serving_when_the_cache_is_down(client, cache_down):
    """Redis on a closed port: pages render from the database instead of failing."""
    statement = make_statement(title="Still here")
    for url in ["/", "/governance/transparency/", STATEMENTS, statement.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Still here" in client.get(statement.get_absolute_url()).content.decode()


def test_saving_content_works_while_the_cache_is_down(cache_down):
    """An editor's save is never lost because Redis is unreachable; the failure is only logged."""
    statement = make_statement(title="Saved during an outage")
    statement.title = "Edited during an outage"
    statement.save()
    assert Statement.objects.get(pk=statement.pk).title == "Edited during an outage"
