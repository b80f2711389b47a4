import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_chain, make_notice, make_statement
from tests.helpers import assert_queries_do_not_grow
from tests.pages import TITLE_SUFFIX, h1_count, page_title

pytestmark = pytest.mark.django_db


def test_statement_page_shows_breadcrumb_date_body_and_notice(client):
    notice = make_notice(title="Revised notice")
    statement = make_statement(
        title="Our response",
        body="<p>We <strong>welcome</strong> it.</p>",
        published_at=timezone.make_aware(datetime.datetime(2024, 1, 30, 12)),
        notice=notice,
    )
    response = client.get(statement.get_absolute_url())
    assertContains(response, "30 January 2024")
    assertContains(response, "<p>We <strong>welcome</strong> it.</p>", html=True)
    assertContains(response, f'href="{notice.get_absolute_url()}"')
    assertContains(response, '<li><a href="/governance/transparency/">Transparency</a></li>', html=True)
    assertContains(response, '<li aria-current="page">Our response</li>', html=True)
    assert page_title(response) == f"Our response – Transparency – {TITLE_SUFFIX}"
    assert h1_count(response) == 1


def test_statement_page_does_not_link_to_a_draft_notice(client):
    draft = make_notice(is_published=False)
    statement = make_statement(notice=draft)
    assertNotContains(client.get(statement.get_absolute_url()), draft.get_absolute_url())


@pytest.mark.parametrize(
    "fields",
    [{"is_published": False}, {"published_at": timezone.now() + datetime.timedelta(hours=1)}],
    ids=["draft", "scheduled"],
)
def test_draft_and_scheduled_statements_give_404(client, fields):
    statement = make_statement(**fields)
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_unknown_statement_gives_404(client):
    assert client.get("/governance/transparency/statements/no-such-statement/").status_code == 404


def test_statement_list_is_newest_first_and_hides_drafts(client):
    now = timezone.now()
    make_statement(title="Older", published_at=now - datetime.timedelta(days=2))
    make_statement(title="Newer", published_at=now - datetime.timedelta(days=1))
    make_statement(title="Draft one", is_published=False)
    response = client.get("/governance/transparency/statements/")
    content = response.content.decode()
    assert content.index("Newer") < content.index("Older")
    assertNotContains(response, "Draft one")
    assert page_title(response) == f"Statements – Transparency – {TITLE_SUFFIX}"


def test_statement_list_is_paginated(client):
    for _ in range(25):
        make_statement()
    first = client.get("/governance/transparency/statements/")
    assertContains(first, "Page 1 of 2")
    assertContains(first, 'rel="next"')
    assertContains(client.get("/governance/transparency/statements/?page=2"), "Page 2 of 2")
    assert client.get("/governance/transparency/statements/?page=9").status_code == 404
    assert client.get("/governance/transparency/statements/?page=abc").status_code == 404


def test_statement_pages_make_the_same_number_of_queries_with_10_and_200_records(client):
    notices = make_chain(10, statements=1)
    statement = notices[0].statements.get()
    urls = ["/governance/transparency/statements/", statement.get_absolute_url()]
    assert_queries_do_not_grow(client, urls, lambda: make_chain(190, start=datetime.date(2010, 1, 1), statements=1))
