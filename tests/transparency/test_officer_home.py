"""The admin home tells each officer what needs doing, content first, and only what they may see."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from core.dates import local_today
from statements.models import Statement
from tests.factories import make_notice, make_statement
from tests.helpers import admin_url, assert_queries_do_not_grow
from tests.officers import make_officer
from transparency.officer_home import SHOWN

pytestmark = pytest.mark.django_db
HOME = reverse("admin:index")
# 2 December 2026, 10:30 in London (GMT).
NOW = datetime.datetime(2026, 12, 2, 10, 30, tzinfo=datetime.UTC)


def _part(response, part_id):
    """The text of one part of the home page, by its id."""
    match = re.search(rf'<div class="module officer-home" id="{part_id}">(.*?)</div>', response.content.decode(), re.S)
    assert match, f"no part {part_id}"
    return match.group(1)


def _saved_by(record, user, **changes):
    """Save ``record`` as ``user`` would through the admin, so the history names them."""
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()
    return record


def _sent_for_review(editor, **fields):
    draft = make_statement(is_published=False, **fields)
    return _saved_by(draft, editor, ready_for_review=True, review_requested_by=editor)


def test_publisher_sees_each_draft_awaiting_review_with_who_sent_it_and_when(client, publisher):
    """A draft sent for review is listed by title, linked to its form, with its sender and the moment sent."""
    alice = make_officer("Editors", "alice")
    with time_machine.travel(NOW, tick=False):
        draft = _sent_for_review(alice, title="Draft response to the notice")
    response = client.get(HOME)
    assertContains(response, "Drafts awaiting your review")
    assertContains(response, f'<a href="{admin_url(draft, "change")}">Draft response to the notice</a>', html=True)
    assertContains(response, "sent by alice on")
    assertContains(response, "2 December 2026 at 10:30")


def test_a_draft_sent_back_and_sent_again_counts_from_its_second_sending():
    """When a draft was sent for review is the latest sending, not the first."""
    alice = make_officer("Editors", "alice")
    with time_machine.travel(NOW, tick=False):
        draft = _sent_for_review(alice)
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        _saved_by(draft, alice, ready_for_review=False)
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        _saved_by(draft, alice, ready_for_review=True)
    with time_machine.travel(NOW + datetime.timedelta(hours=3), tick=False):
        _saved_by(draft, alice, title="Still waiting")
    sent = Statement.objects.awaiting_review().with_review_requested_at().get()
    assert sent.review_requested_at == NOW + datetime.timedelta(hours=2)


def test_scheduled_statements_are_listed_with_the_time_they_appear(client, publisher):
    """A statement scheduled for later is listed with its time; one already live is not."""
    with time_machine.travel(NOW, tick=False):
        make_statement(title="Appears tomorrow", published_at=NOW + datetime.timedelta(days=1))
        make_statement(title="Already public", published_at=NOW - datetime.timedelta(days=1))
        response = client.get(HOME)
    scheduled = _part(response, "scheduled")
    assert "1 statement is scheduled to appear" in scheduled
    assert "Appears tomorrow" in scheduled
    assert "3 December 2026 at 10:30" in scheduled
    assert "Already public" not in scheduled


def test_notices_ending_within_30_days_are_listed_and_later_ones_are_not(client, publisher):
    """A published notice ending within 30 days is listed with its last day; one ending later, or a draft, is not."""
    today = local_today()
    start = today - datetime.timedelta(days=100)
    make_notice(title="Ends soon", issued_on=start, ends_on=today + datetime.timedelta(days=30))
    make_notice(title="Ends later", issued_on=start, ends_on=today + datetime.timedelta(days=31))
    make_notice(title="Draft ending", issued_on=start, ends_on=today + datetime.timedelta(days=3), is_published=False)
    due = _part(client.get(HOME), "notices-due")
    assert "Notices ending in the next 30 days" in due
    assert "Ends soon" in due
    assert "Record the department" in due
    assert "Ends later" not in due
    assert "Draft ending" not in due


def test_recent_changes_list_other_officers_saves_and_not_the_viewers_own(client, publisher):
    """Someone else's save is listed, linked to the record; the viewer's own save is not."""
    alice = make_officer("Editors", "alice")
    theirs = _saved_by(make_statement(title="Changed by Alice"), alice, summary="New summary.")
    _saved_by(make_statement(title="Changed by me"), publisher, summary="My summary.")
    response = client.get(HOME)
    assertContains(response, f'<a href="{admin_url(theirs, "change")}">Changed by Alice</a>', html=True)
    changes = _part(response, "recent-changes")
    assert "changed by alice" in changes
    assert f"by {publisher.username}" not in changes


def test_a_deleted_record_in_recent_changes_links_to_the_deleted_records(client, publisher):
    """A record someone else deleted is linked to the deleted-records page, not to a form that is gone."""
    alice = make_officer("Publishers", "alice")
    statement = make_statement(title="Removed by Alice", is_published=False)
    statement._history_user = alice
    statement.delete()
    response = client.get(HOME)
    assertContains(
        response, f'<a href="{reverse("admin:statements_statement_deleted")}">Removed by Alice</a>', html=True
    )
    assertContains(response, "deleted by alice")


def test_each_part_says_so_when_nothing_is_waiting(client, publisher):
    """With no content at all, every part says plainly that there is nothing to do."""
    response = client.get(HOME)
    assertContains(response, "Nothing waiting for review.")
    assertContains(response, "Nothing scheduled.")
    assertContains(response, "No notice ends in the next 30 days.")
    assertContains(response, "Nobody else has changed anything yet.")


def test_scheduled_count_agrees_with_its_noun_in_the_plural(client, publisher):
    """Two scheduled statements read "2 statements are scheduled", not "2 statement"."""
    for _ in range(2):
        make_statement(published_at=NOW + datetime.timedelta(days=400))
    assertContains(client.get(HOME), "2 statements are scheduled to appear")


def test_editor_sees_what_was_sent_for_review_without_being_asked_to_review(client, editor):
    """An Editor sees the drafts sent for review under a heading that does not ask them to review."""
    _sent_for_review(make_officer("Editors", "alice"), title="Alice's draft")
    awaiting = _part(client.get(HOME), "awaiting-review")
    assert "Drafts sent for review" in awaiting
    assert "Drafts awaiting your review" not in awaiting
    assert "Alice&#x27;s draft" in awaiting


def test_auditor_sees_the_content_but_is_not_asked_to_act_and_sees_no_users(client, auditor):
    """An Auditor sees notices ending soon without the call to record a decision, and no Users or Groups."""
    today = local_today()
    make_notice(title="Ends soon", issued_on=today - datetime.timedelta(days=100), ends_on=today)
    response = client.get(HOME)
    assertContains(response, "Ends soon")
    assertNotContains(response, "Record the department")
    assertNotContains(response, reverse("admin:auth_user_changelist"))
    assertNotContains(response, reverse("admin:auth_group_changelist"))


def test_staff_without_content_permissions_see_no_content(client):
    """A staff account that may view no content sees none of its parts."""
    make_statement(is_published=False, ready_for_review=True, title="Hidden draft")
    client.force_login(User.objects.create_user("staff", password="a-long-test-password", is_staff=True))
    response = client.get(HOME)
    assertNotContains(response, "Hidden draft")
    assertNotContains(response, "awaiting-review")
    assertNotContains(response, "recent-changes")


def test_users_groups_and_login_records_come_below_the_content_for_those_allowed(client, admin_user):
    """A superuser sees Users, Groups and the login records, after the content parts."""
    client.force_login(admin_user)
    html = client.get(HOME).content.decode()
    users = html.index(reverse("admin:auth_user_changelist"))
    assert html.index(reverse("admin:axes_accessattempt_changelist")) > html.index('id="recent-changes"')
    assert users > html.index('id="awaiting-review"')
    assert users > html.index('id="recent-changes"')
    # The content's own lists come before the user and sign-in records too.
    assert html.index(reverse("admin:statements_statement_changelist")) < html.index(
        reverse("admin:auth_group_changelist")
    )
    assert html.index(reverse("admin:notices_bestvaluenotice_changelist")) < users


def test_home_queries_do_not_grow_with_the_records(client, publisher):
    """More drafts, schedules, ending notices and changes by others mean more rows, not more queries."""
    alice = make_officer("Editors", "alice")
    today = local_today()

    def add_records(count):
        for number in range(count):
            _sent_for_review(alice)
            make_statement(published_at=NOW + datetime.timedelta(days=400 + number))
            make_notice(issued_on=today - datetime.timedelta(days=100), ends_on=today + datetime.timedelta(days=5))
            notice = make_notice(is_published=False)
            _saved_by(notice, alice, ready_for_review=True, review_requested_by=alice)

    # From one of each, well under the rows each part lists, to more than it lists.
    add_records(1)
    assert_queries_do_not_grow(client, HOME, lambda: add_records(SHOWN + 2))
