"""The data migration that works out when existing records became public, from their history."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from core.records import publication_moments_from_history
from statements.models import Statement
from tests.factories import make_statement
from tests.officers import make_officer

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_a_draft_published_later_gets_the_moment_of_its_publication_and_who_did_it(time_machine):
    """Saved as a draft dated 25 November and published on 2 December before moments were recorded truly."""
    time_machine.move_to(at(2024, 11, 25), tick=False)
    statement = make_statement(is_published=False, published_at=at(2024, 11, 25))
    time_machine.move_to(at(2024, 12, 2), tick=False)
    publisher = make_officer("Publishers")
    statement.is_published = True
    statement._history_user = publisher
    statement.save()  # as the old code left it: published_at still 25 November, no publisher recorded
    publication_moments_from_history(apps, "statements", "Statement", schedule_field="published_at")
    statement = Statement.objects.get(pk=statement.pk)
    assert statement.published_at == at(2024, 12, 2)
    assert statement.first_published_at == at(2024, 12, 2)
    assert statement.published_by == publisher


def test_a_record_created_published_keeps_its_own_date(time_machine):
    """Created already published (an import, the demo): history cannot tell more than its own date."""
    time_machine.move_to(at(2026, 11, 1), tick=False)
    statement = make_statement(published_at=at(2024, 1, 30))
    publication_moments_from_history(apps, "statements", "Statement", schedule_field="published_at")
    statement = Statement.objects.get(pk=statement.pk)
    assert statement.published_at == at(2024, 1, 30) and statement.first_published_at == at(2024, 1, 30)
