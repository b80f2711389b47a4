import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.publishing import unpublish
from notices.models import BestValueNotice, ImprovementArea
from statements.models import Statement
from statements.services import withdraw_statement
from tests.factories import make_area, make_chain, make_notice, make_statement
from tests.helpers import assert_queries_do_not_grow, count_queries
from tests.officers import make_officer
from tests.pages import TITLE_SUFFIX, h1_count, page_title
from transparency import search

pytestmark = pytest.mark.django_db


def titles(results):
    return [result.title for result in results]


def test_search_finds_statements_by_title_summary_and_body():
    make_statement(title="Governance review", summary="About something else.", body="<p>Nothing.</p>")
    make_statement(title="Second", summary="The governance board met.", body="<p>Nothing.</p>")
    make_statement(title="Third", summary="Nothing here.", body="<p>Our <strong>governance</strong> changed.</p>")
    make_statement(title="Unrelated", summary="Nothing here.", body="<p>Nothing at all.</p>")
    assert set(titles(search.search("governance"))) == {"Governance review", "Second", "Third"}


def test_search_ranks_a_title_match_above_a_body_match():
    make_statement(title="Plain", summary="Nothing here.", body="<p>The scrutiny committee met twice.</p>")
    make_statement(title="Scrutiny committee report", summary="Nothing here.", body="<p>Nothing.</p>")
    assert titles(search.search("scrutiny")) == ["Scrutiny committee report", "Plain"]


def test_search_finds_notices_by_their_improvement_areas():
    notice = make_notice(title="Revised notice", summary="<p>A notice.</p>")
    make_area(notice, title="Culture", detail="<p>Embed cultural change among officers.</p>")
    make_notice(title="Other notice", summary="<p>Another notice.</p>")
    results = search.search("cultural")
    assert titles(results) == ["Revised notice"]
    assert results[0].kind == "Best Value Notice"
    assert results[0].url == notice.get_absolute_url()


def test_search_follows_a_notices_areas_as_they_are_added_changed_and_deleted():
    notice = make_notice(title="Revised notice", summary="<p>A notice.</p>")
    assert search.search("cultural") == []
    area = make_area(notice, title="Officers", detail="<p>Embed cultural change among officers.</p>")
    assert titles(search.search("cultural")) == ["Revised notice"]
    area.detail = "<p>Embed new procurement rules.</p>"
    area.save()
    assert search.search("cultural") == []
    assert titles(search.search("procurement")) == ["Revised notice"]
    area.delete()
    assert search.search("procurement") == []


def test_search_follows_areas_written_in_bulk_and_moved_to_another_notice():
    first = make_notice(title="First notice", summary="<p>A notice.</p>")
    second = make_notice(title="Second notice", summary="<p>A notice.</p>")
    ImprovementArea.objects.bulk_create(
        [ImprovementArea(notice=first, position=1, title="Scrutiny", detail="<p>Strengthen scrutiny.</p>")]
    )
    assert titles(search.search("scrutiny")) == ["First notice"]
    ImprovementArea.objects.filter(notice=first).update(notice=second)
    assert titles(search.search("scrutiny")) == ["Second notice"]


def test_search_follows_a_notice_edit():
    notice = make_notice(title="Revised notice", summary="<p>Concerns about governance.</p>")
    notice.summary = "<p>Concerns about leadership.</p>"
    notice.save()
    assert search.search("governance") == []
    assert titles(search.search("leadership")) == ["Revised notice"]


def test_search_follows_a_statement_edit_from_a_form_or_the_shell():
    statement = make_statement(title="Transport plan", summary="Nothing here.", body="<p>Buses.</p>")
    statement.title = "Housing plan"
    statement.save()
    assert search.search("transport") == []
    assert titles(search.search("housing")) == ["Housing plan"]
    Statement.objects.filter(pk=statement.pk).update(body="<p>Trams.</p>")
    assert search.search("buses") == []
    assert titles(search.search("trams")) == ["Housing plan"]


def test_search_finds_statements_and_notices_created_in_bulk():
    Statement.objects.bulk_create(
        [
            Statement(
                title=f"Bulk statement {number}",
                slug=f"bulk-{number}",
                summary="A bulk update.",
                body="<p>Seeded.</p>",
                published_at=timezone.now() - datetime.timedelta(days=1),
                is_published=True,
            )
            for number in range(3)
        ]
    )
    BestValueNotice.objects.bulk_create(
        [
            BestValueNotice(
                title="Bulk notice",
                slug="bulk-notice",
                issued_on=datetime.date(2024, 1, 30),
                starts_on=datetime.date(2024, 1, 30),
                ends_on=datetime.date(2026, 1, 29),
                is_published=True,
            )
        ]
    )
    found = set(titles(search.search("bulk")))
    assert found == {"Bulk notice", "Bulk statement 0", "Bulk statement 1", "Bulk statement 2"}


def test_a_withdrawn_statement_or_unpublished_notice_is_no_longer_found():
    statement = make_statement(title="Transport plan")
    notice = make_notice(title="Transport notice")
    publisher = make_officer("Publishers")
    withdraw_statement(statement=statement, user=publisher, reason="it was replaced.")
    unpublish(obj=notice, user=publisher)
    assert search.search("transport") == []


def test_search_needs_every_word_to_match():
    make_statement(title="Budget", summary="The annual budget.", body="<p>Transport.</p>")
    make_statement(title="Budget only", summary="The annual budget.", body="<p>Housing.</p>")
    assert titles(search.search("budget transport")) == ["Budget"]


def test_search_ignores_drafts_scheduled_statements_and_unpublished_notices():
    make_statement(title="Draft audit statement", is_published=False)
    make_statement(title="Scheduled audit statement", published_at=timezone.now() + datetime.timedelta(days=1))
    make_notice(title="Draft audit notice", is_published=False)
    make_statement(title="Live audit statement")
    assert titles(search.search("audit")) == ["Live audit statement"]


def test_search_does_not_match_words_inside_html_tags():
    make_statement(title="Plain", summary="Nothing here.", body="<p>We <strong>did</strong> it.</p>")
    assert search.search("strong") == []


def test_snippet_highlights_the_words_and_escapes_everything_else():
    make_statement(
        title="Escaping",
        summary="Nothing here.",
        body="<p>The &lt;script&gt;alert(1)&lt;/script&gt; tag appears in the transport plan.</p>",
    )
    [result] = search.search("transport")
    assert "<mark>transport</mark>" in result.snippet
    assert "<script>" not in result.snippet
    assert "&lt;script&gt;" in result.snippet


def test_an_empty_query_finds_nothing():
    make_statement(title="Anything")
    assert search.search("   ") == []


def test_search_page_lists_results_with_snippets(client):
    statement = make_statement(title="Transport plan", summary="Our transport plan for the region.")
    response = client.get("/search/", {"q": "transport"})
    assertContains(response, f'href="{statement.get_absolute_url()}"')
    assertContains(response, "<mark>")
    assertContains(response, "1 result for “transport”")
    assert page_title(response) == f"Search results for “transport” – {TITLE_SUFFIX}"
    assert h1_count(response) == 1


def test_search_page_without_a_query_asks_for_words(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assertContains(response, "Enter one or more words")
    assert page_title(response) == f"Search – {TITLE_SUFFIX}"


def test_search_page_says_when_nothing_matches(client):
    response = client.get("/search/", {"q": "zzzz"})
    assertContains(response, "No results for “zzzz”")


def test_search_page_refuses_an_overlong_query_with_400_and_a_message(client):
    response = client.get("/search/", {"q": "x" * 101})
    assertContains(response, "There is a problem", status_code=400)
    assertContains(response, "Search must be at most 100 characters.", status_code=400)
    assertContains(response, 'href="#id_q"', status_code=400)


def test_search_page_refuses_a_repeated_query(client):
    response = client.get("/search/?q=a&q=b")
    assertContains(response, "only once", status_code=400)


def test_search_page_escapes_the_query(client):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assertNotContains(response, "<script>alert(1)</script>")


def test_search_page_makes_the_same_number_of_queries_with_10_and_100_records(client):
    make_chain(10, start=datetime.date(2000, 1, 1))
    assert_queries_do_not_grow(client, "/search/?q=notice", lambda: make_chain(90, start=datetime.date(2010, 1, 1)))


def test_search_makes_the_same_few_queries_for_one_result_or_a_full_page(client):
    """Two queries find the best statements and notices, one more builds the snippets shown."""

    def grow(count):
        for _ in range(count):
            make_statement(summary="Our transport plan.")
            make_area(make_notice(summary="<p>A notice.</p>"), detail="<p>Transport links.</p>")

    grow(1)
    before = assert_queries_do_not_grow(client, "/search/?q=transport", lambda: grow(60))["/search/?q=transport"]
    assert before <= 3 + count_queries(client, "/search/?q=")
    assert len(search.search("transport")) == search.MAX_RESULTS


@pytest.mark.parametrize("query", ["'", '"', "&", "<", "a:b|c!*", "-", "(", "OR", "\\", "%_%", "ünïcödé ✓"])
def test_search_page_answers_any_punctuation_without_an_error(client, query):
    make_statement(title="Anything & everything")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_search_page_refuses_a_null_character_with_400(client):
    response = client.get("/search/", {"q": "a\x00b"})
    assertContains(response, "There is a problem", status_code=400)
