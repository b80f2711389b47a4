"""Records read back from their saved history for public pages."""

import pytest

from core.records import record_from_row
from notices.models import ImprovementArea
from statements.models import Statement
from tests.factories import make_area, make_notice, make_statement

pytestmark = pytest.mark.django_db


def test_a_record_read_back_from_history_is_as_that_save_left_it():
    statement = make_statement(title="First title", is_published=False)
    statement.title = "Second title"
    statement.save()
    record = record_from_row(statement.history.order_by("history_date").first())
    assert isinstance(record, Statement)
    assert (record.pk, record.title, record.body) == (statement.pk, "First title", statement.body)


def test_reading_a_record_back_makes_no_query_and_leaves_the_search_vector_deferred(django_assert_num_queries):
    """History does not keep the vector, and it is not fetched from the live record either."""
    row = make_statement().history.get()
    with django_assert_num_queries(0):
        record = record_from_row(row)
    assert record.get_deferred_fields() == {"search_vector"}


def test_a_record_history_keeps_whole_is_read_back_with_nothing_deferred(django_assert_num_queries):
    row = make_area(make_notice(), position=1).history.get()
    with django_assert_num_queries(0):
        record = record_from_row(row)
    assert isinstance(record, ImprovementArea)
    assert record.get_deferred_fields() == set()
