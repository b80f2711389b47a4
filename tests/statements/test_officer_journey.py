"""The issue's "done when", end to end through the admin as officers would do it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from statements.models import Statement
from tests.helpers import admin_url
from tests.officers import form_data, make_officer

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_draft_review_scheduled_publication_correction_and_audit(time_machine):
    time_machine.move_to(at(2024, 1, 31, 10, 0), tick=False)
    editor, publisher, auditor, public = Client(), Client(), Client(), Client()
    editor.force_login(make_officer("Editors"))
    publisher_user = make_officer("Publishers")
    publisher.force_login(publisher_user)
    auditor_user = make_officer("Auditors")

    # An Editor drafts and sends it for review.
    page = editor.get(admin_url(Statement, "add"))
    typed = {
        "title": "Statement on the revised notice",
        "slug": "statement-on-the-revised-notice",
        "summary": "Our response to the revised Best Value Notice.",
        "body": "<p>We welcome the revised notice.</p>",
        "published_at_0": "01/02/2024",
        "published_at_1": "09:00:00",
        "ready_for_review": "on",
    }
    assert editor.post(admin_url(Statement, "add"), form_data(page, "statement_form", **typed)).status_code == 302
    statement = Statement.objects.get()
    assert statement.ready_for_review and not statement.is_published

    # A Publisher finds it waiting, and publishes it with a schedule.
    assertContains(publisher.get(reverse("admin:index")), "1 statement is ready for review")
    assertContains(publisher.get(admin_url(Statement) + "?review=awaiting"), "Statement on the revised notice")
    url = admin_url(statement, "change")
    response = publisher.post(url, form_data(publisher.get(url), "statement_form", _schedule="Schedule"))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.is_published and not statement.published_without_review
    assertContains(publisher.get(admin_url(Statement)), "Scheduled for 9:00 on 1 February 2024")
    assert public.get(statement.get_absolute_url()).status_code == 404

    # It appears by itself at the scheduled moment.
    time_machine.move_to(at(2024, 2, 1, 9, 0, 1), tick=False)
    assertContains(public.get(statement.get_absolute_url()), "We welcome the revised notice.")

    # Next day the Publisher corrects it with a major change note; the public sees the note.
    time_machine.move_to(at(2024, 2, 2, 11, 0), tick=False)
    assert publisher.get(url).status_code == 302  # a day away from the admin: signed out
    publisher.force_login(publisher_user)
    data = form_data(
        publisher.get(url),
        "statement_form",
        body="<p>We welcome the revised notice and its five areas.</p>",
        change_kind="major",
        change_note="Added the number of improvement areas.",
    )
    assert publisher.post(url, data).status_code == 302
    page = public.get(statement.get_absolute_url())
    assertContains(page, "1 February 2024</time>, last updated <time")
    assertContains(page, "Added the number of improvement areas.")

    # An Auditor sees every version, and nothing anyone typed is lost.
    auditor.force_login(auditor_user)
    history = auditor.get(admin_url(statement, "history"))
    assert history.status_code == 200
    bodies = list(statement.history.order_by("history_date").values_list("body", flat=True))
    assert "<p>We welcome the revised notice.</p>" in bodies
    assert bodies[-1] == "<p>We welcome the revised notice and its five areas.</p>"
    compare = auditor.get(admin_url(statement, "compare"))
    assertContains(compare, '<ins><span class="visually-hidden">added: </span>and its five areas</ins>')
