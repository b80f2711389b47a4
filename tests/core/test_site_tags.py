"""Machine-readable dates in public pages."""

import datetime
import re

import pytest
from django.utils import timezone

from core.templatetags.site_tags import datetime_attr
from statements.models import StatementChangeNote
from tests.factories import make_statement


def test_datetime_attr_drops_microseconds_and_keeps_the_offset():
    """HTML allows at most three decimal places, so a saved moment is given to the second."""
    moment = datetime.datetime(2024, 1, 30, 12, 0, 5, 123456, tzinfo=datetime.UTC)
    assert datetime_attr(moment) == "2024-01-30T12:00:05+00:00"


def test_datetime_attr_gives_a_date_as_a_date():
    """A plain date is a valid datetime attribute as it is."""
    assert datetime_attr(datetime.date(2024, 1, 30)) == "2024-01-30"


@pytest.mark.django_db
def test_pages_with_moments_saved_to_the_microsecond_carry_no_fraction_in_time_elements(client):
    """A statement published and changed at moments with microseconds: every datetime attribute is to the second."""
    published = timezone.now().replace(microsecond=654321) - datetime.timedelta(days=1)
    statement = make_statement(published_at=published)
    StatementChangeNote.objects.create(statement=statement, note="Corrected.", made_at=published.replace(microsecond=1))
    html = client.get(statement.get_absolute_url()).content.decode()
    values = re.findall(r'<time datetime="([^"]+)"', html)
    assert len(values) >= 3
    assert not [value for value in values if "." in value]
