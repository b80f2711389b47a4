import datetime
import io

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
    statement = Statement.objects.published().get(slug="statement-in-response-to-best-value-notice-update")
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


def test_demo_links_the_2024_areas_to_the_2023_areas_they_continue():
    """Four 2024 areas continue the four things the 2023 notice asked; partnership working is new."""
    load()
    revised = BestValueNotice.objects.get(slug=REVISED)
    continued = [
        (area.title, area.carried_from.title if area.carried_from else None)
        for area in revised.improvement_areas.select_related("carried_from")
    ]
    assert continued == [
        ("Independent Improvement Board", "Independent Improvement Board"),
        ("The improvement plan", "The improvement framework"),
        ("Culture across the organisation", "Culture"),
        ("Strategic priorities, with partners", None),
        ("Working with the department", "Assurance for the department"),
    ]
    assert all(area.carried_from.notice.slug == FIRST for area in revised.improvement_areas.exclude(carried_from=None))


def test_demo_keeps_the_facts_of_the_seed_when_paraphrasing():
    """The first *combined authority* to adopt a Single Assurance Framework; consensus, door left open."""
    load()
    statement = Statement.objects.get(slug="statement-in-response-to-best-value-notice-update")
    assert "first combined authority to adopt a Single Assurance Framework" in statement.body
    partners = ImprovementArea.objects.get(notice__slug=REVISED, position=4).detail
    assert "consensus" in partners and "not yet ready" in partners and "devolution" in partners


def test_demo_has_the_statement_that_the_notice_was_not_reissued():
    """9 September 2024: the department wrote that the notice would not be reissued."""
    load()
    statement = Statement.objects.published().get(slug="statement-best-value-notice-not-reissued")
    assert statement.published_at.date() == D(2024, 9, 9)
    assert statement.notice.slug == REVISED
    assert "would not be reissued" in statement.body


def test_demo_revised_notice_page_shows_continued_and_new_areas_and_progress_history(client):
    """The page a fresh ``make run`` shows: which areas continue, which is new, and each area's history."""
    load()
    html = client.get(f"/governance/transparency/best-value-notices/{REVISED}/").content.decode()
    assert html.count("Continues an area of the <a ") == 4
    assert html.count("<strong>New in this notice</strong>") == 1
    assert "Every area of the <a" in html
    partners = html.split("Strategic priorities, with partners")[1].split("</li>\n  \n")[0]
    assert partners.index('datetime="2024-09-09"') < partners.index('datetime="2024-01-30"')
    first = client.get(f"/governance/transparency/best-value-notices/{FIRST}/").content.decode()
    assert first.count("Continued in the <a ") == 4
    assert "No progress was reported while this notice was in force" in first


def test_the_demo_notice_of_2023_has_no_fixed_end_date():
    """It set no end date: on 1 June 2023 it read in force with no last day; its successor ended it."""
    load()
    first = BestValueNotice.objects.get(slug=FIRST)
    assert (first.ends_on, first.no_fixed_end) == (None, True)
    assert not BestValueNotice.history.filter(id=first.pk, ends_on__isnull=False).exists()


def test_load_demo_mends_the_end_date_an_earlier_version_gave_the_2023_notice(client):
    """A database loaded with the old end date (29 January 2024) is mended, its versions too, without a new one;
    a third run changes nothing."""
    load()
    first = BestValueNotice.objects.get(slug=FIRST)
    old = {"ends_on": D(2024, 1, 29), "no_fixed_end": False}
    BestValueNotice.objects.filter(pk=first.pk).update(**old)
    BestValueNotice.history.filter(id=first.pk).update(**old)
    versions = BestValueNotice.history.filter(id=first.pk).count()
    call_command("load_demo", stdout=(out := io.StringIO()))
    assert "no fixed end date" in out.getvalue()
    first.refresh_from_db()
    assert (first.ends_on, first.no_fixed_end) == (None, True)
    assert BestValueNotice.history.filter(id=first.pk).count() == versions
    assert not BestValueNotice.history.filter(id=first.pk, ends_on__isnull=False).exists()
    response = client.get(f"/governance/transparency/best-value-notices/{FIRST}/", {"on": "2023-06-01"})
    assertContains(response, "No fixed end date")
    before = snapshot()
    load()
    assert snapshot() == before


def test_load_demo_leaves_an_end_date_an_officer_set_on_the_2023_notice():
    load()
    BestValueNotice.objects.filter(slug=FIRST).update(ends_on=D(2023, 12, 31), no_fixed_end=False)
    before = snapshot()
    load()
    assert snapshot() == before
