import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from statements.models import Statement
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


def test_published_hides_drafts():
    live = make_statement()
    make_statement(is_published=False)
    assert list(Statement.objects.published()) == [live]


def test_published_hides_scheduled_statements_until_their_time():
    """A statement scheduled for 09:00 is hidden a second before and shown a second after."""
    moment = timezone.make_aware(datetime.datetime(2024, 2, 1, 9, 0))
    scheduled = make_statement(published_at=moment)
    with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False):
        assert not Statement.objects.published().filter(pk=scheduled.pk).exists()
        assert scheduled.is_scheduled() and not scheduled.is_live()
    with time_machine.travel(moment + datetime.timedelta(seconds=1), tick=False):
        assert Statement.objects.published().filter(pk=scheduled.pk).exists()
        assert scheduled.is_live()


def test_summary_is_limited_to_300_characters():
    statement = Statement(title="T", slug="t", summary="x" * 301, body="<p>b</p>")
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "summary" in error.value.error_dict


def test_summary_is_required():
    statement = Statement(title="T", slug="t", summary="", body="<p>b</p>")
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "summary" in error.value.error_dict
