import datetime

import pytest
import time_machine
from django.core.management import call_command
from pytest_django.asserts import assertContains

from notices.models import BestValueNotice, ImprovementArea, NoticeStatus
from statements.models import Statement

D = datetime.date
pytestmark = pytest.mark.django_db
REVISED = "revised-best-value-notice-january-2024"
FIRST = "best-value-notice-january-2023"


def load():
    call_command("load_demo", verbosity=0)


def snapshot():
    return [
        list(model.objects.values()) + list(model.history.values())
        for model in (BestValueNotice, ImprovementArea, Statement)
    ]


def test_load_demo_tells_the_seed_story():
    load()
    revised = BestValueNotice.objects.with_status(D(2024, 3, 1)).get(slug=REVISED)
    first = BestValueNotice.objects.with_status(D(2024, 3, 1)).get(slug=FIRST)
    assert first.issued_on == D(2023, 1, 24)
    assert revised.issued_on == D(2024, 1, 30) and revised.ends_on == D(2024, 7, 31)
    assert revised.supersedes == first
    assert revised.improvement_areas.count() == 5
    assert (first.status, revised.status) == (NoticeStatus.SUPERSEDED, NoticeStatus.IN_FORCE)
    assert first.in_force_until == D(2024, 1, 29)
    statement = Statement.objects.published().get()
    assert statement.notice == revised
    assert statement.published_at.date() == D(2024, 1, 30)


def test_load_demo_twice_changes_nothing():
    load()
    before = snapshot()
    load()
    assert snapshot() == before


def test_demo_today_shows_the_2024_notice_expired(client):
    load()
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC), tick=False):
        response = client.get(f"/governance/transparency/best-value-notices/{REVISED}/")
        assertContains(response, "Ended on 31 July 2024.")
        response = client.get("/governance/transparency/")
        assertContains(response, "No Best Value Notice is in force today.")


def test_demo_as_it_stood_in_2023_and_2024(client):
    load()
    in_2023 = client.get("/governance/transparency/?on=2023-06-01").content.decode()
    section = in_2023.split('id="in-force-heading"')[1].split("</section>")[0]
    assert "Best Value Notice, January 2023" in section and "Revised" not in section
    assert "Statement in response" not in in_2023.split('id="statements-heading"')[1].split("</section>")[0]
    in_2024 = client.get("/governance/transparency/?on=2024-03-01").content.decode()
    section = in_2024.split('id="in-force-heading"')[1].split("</section>")[0]
    assert "Revised Best Value Notice, January 2024" in section
    assert "Independent Improvement Board" in section
    assert "Statement in response" in in_2024.split('id="statements-heading"')[1].split("</section>")[0]


def test_demo_notice_pages_say_when_they_were_published(client):
    load()
    response = client.get(f"/governance/transparency/best-value-notices/{REVISED}/")
    published = '<p class="meta">Published <time datetime="2024-01-30T12:00:00+00:00">30 January 2024</time></p>'
    # Once for the notice itself, once for the statement listed under it.
    assertContains(response, published, count=2, html=True)
    assert BestValueNotice.history.filter(history_change_reason="Demo content (load_demo)").count() == 2


def test_demo_records_are_published_and_saved_by_the_demo_user_on_their_own_days():
    """Each demo record is published by "Demo content", and its history dates it when it went public."""
    load()
    for model in (BestValueNotice, Statement):
        for record in model.objects.all():
            assert record.published_by.get_username() == "Demo content"
            first = record.history.earliest()
            assert first.history_user == record.published_by
            assert first.history_date == record.first_published_at
