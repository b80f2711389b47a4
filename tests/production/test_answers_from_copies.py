"""Reads of a page the worker holds a current copy of, answered before Django's handler runs: the same
answer the page cache middleware gives, and never once the copy is no longer current."""

import datetime

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory
from django.utils import timezone

from core import pagecache
from tests.factories import make_statement

# Transactional, as the site runs: Django's handler closes a connection left in a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

STATEMENTS = "/governance/transparency/statements/"


class Served:
    """The site's WSGI application as gunicorn serves it, called in this process; counts what reaches Django."""

    def __init__(self):
        self.reached_django = 0
        django_handler = WSGIHandler()

        def counted(environ, start_response):
            self.reached_django += 1
            return django_handler(environ, start_response)

        self.application = pagecache.AnswerFromCopies(counted)

    def get(self, path=STATEMENTS, method="GET", **request):
        environ = RequestFactory().generic(method, path, **request).environ
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, dict(headers)

        body = self.application(environ, start_response)
        answer["content"] = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        return answer


@pytest.fixture
def served(redis_page_cache, settings):
    settings.PROXY_CACHE_SECONDS = 60
    return Served()


def without(headers, *names):
    return {name: value for name, value in headers.items() if name not in names}


def test_a_plain_read_of_a_held_page_gets_the_middlewares_answer_without_reaching_django(served):
    make_statement(title="Held here")
    served.get()  # rendered and stored
    from_middleware = served.get()  # a hit from the copy, answered by the middleware
    assert served.reached_django == 2
    answers = [served.get() for _ in range(3)]
    assert served.reached_django == 2
    for answer in answers:
        assert answer["status"] == "200 OK"
        assert answer["content"] == from_middleware["content"]
        assert b"Held here" in answer["content"]
        assert without(answer["headers"], "Age") == without(from_middleware["headers"], "Age")
        assert answer["headers"]["Cache-Control"] == "public, max-age=0, s-maxage=60"


def test_a_save_is_seen_by_the_very_next_read(served):
    statement = make_statement(title="Before the edit")
    for _ in range(3):
        served.get()
    statement.title = "After the edit"
    statement.save()
    reached_before = served.reached_django
    content = served.get()["content"].decode()
    assert "After the edit" in content
    assert "Before the edit" not in content
    assert served.reached_django == reached_before + 1


@pytest.mark.parametrize(
    ("request_details", "status"),
    [
        ({"HTTP_COOKIE": "sessionid=anything"}, "200 OK"),
        ({"HTTP_IF_NONE_MATCH": "*"}, "304 Not Modified"),
        ({"HTTP_IF_MATCH": '"not-this-page"'}, "412 Precondition Failed"),
        ({"HTTP_HOST": "elsewhere.example"}, "400 Bad Request"),
        ({"method": "POST"}, "403 Forbidden"),  # no CSRF token
    ],
    ids=["session cookie", "If-None-Match", "If-Match", "host not allowed", "POST"],
)
def test_reads_the_middleware_might_answer_otherwise_reach_django(served, request_details, status):
    make_statement()
    for _ in range(3):
        served.get()
    reached_before = served.reached_django
    assert served.get(**request_details)["status"] == status
    assert served.reached_django == reached_before + 1


def test_an_answer_given_over_https_is_not_given_over_plain_http(served, settings):
    """HTTPS answers carry HSTS, which a plain HTTP answer must not."""
    settings.SECURE_HSTS_SECONDS = 3600
    served = Served()  # Django's security middleware reads its settings when it is built
    make_statement()
    for _ in range(3):
        secure = served.get(secure=True)
    assert "Strict-Transport-Security" in secure["headers"]
    reached_before = served.reached_django
    plain = served.get()
    assert served.reached_django == reached_before + 1
    assert "Strict-Transport-Security" not in plain["headers"]


def test_age_and_proxy_time_are_worked_out_for_each_answer(served):
    noon = timezone.make_aware(datetime.datetime(2030, 3, 1, 12, 0))
    make_statement(title="Shortly after noon", published_at=noon + datetime.timedelta(seconds=45))
    with time_machine.travel(noon, tick=False):
        for _ in range(3):
            served.get()
    reached_before = served.reached_django
    with time_machine.travel(noon + datetime.timedelta(seconds=30), tick=False):
        answer = served.get()
    assert served.reached_django == reached_before
    assert answer["headers"]["Age"] == "30"
    assert answer["headers"]["Cache-Control"] == "public, max-age=0, s-maxage=15"


def test_a_scheduled_statement_is_not_shown_a_moment_early_or_late(served):
    nine = timezone.make_aware(datetime.datetime(2030, 3, 1, 9, 0))
    make_statement(title="On the dot", published_at=nine)
    with time_machine.travel(nine - datetime.timedelta(seconds=5), tick=False):
        for _ in range(3):
            served.get()
    reached_before = served.reached_django
    with time_machine.travel(nine - datetime.timedelta(milliseconds=1), tick=False):
        assert b"On the dot" not in served.get()["content"]
    assert served.reached_django == reached_before  # still the copy's answer
    with time_machine.travel(nine, tick=False):
        assert b"On the dot" in served.get()["content"]


def test_with_the_page_cache_off_every_read_reaches_django(served, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_statement()
    for _ in range(3):
        served.get()
    assert served.reached_django == 3
