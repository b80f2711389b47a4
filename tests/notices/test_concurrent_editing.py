"""Two officers on one notice: a stale save is never applied silently, and both can keep their work."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from tests.factories import make_area, make_notice
from tests.helpers import admin_url
from tests.officers import form_data, make_officer

pytestmark = pytest.mark.django_db


def change_url(notice):
    return admin_url(notice, "change")


def signed_in(username):
    client = Client()
    client.force_login(make_officer("Publishers", username))
    return client


def test_a_stale_notice_save_shows_the_conflict_and_applies_on_top():
    """A second Publisher's stale save is refused with their text kept; applying it keeps the first one's title."""
    notice = make_notice(title="Revised notice", summary="<p>Old summary.</p>")
    make_area(notice, position=1, title="Governance")
    first, second = signed_in("ann"), signed_in("bob")
    first_form, second_form = first.get(change_url(notice)), second.get(change_url(notice))
    saved = form_data(first_form, "bestvaluenotice_form", title="Revised Best Value Notice", change_kind="minor")
    assert first.post(change_url(notice), saved).status_code == 302

    typed = form_data(second_form, "bestvaluenotice_form", summary="<p>New summary.</p>", change_kind="minor")
    conflict = second.post(change_url(notice), typed)
    assert conflict.status_code == 409
    assertContains(conflict, "Revised Best Value Notice", status_code=409)
    assertContains(conflict, "New summary.", status_code=409)

    assert second.post(change_url(notice), form_data(conflict, "conflict_form", apply_on_top="1")).status_code == 302
    notice.refresh_from_db()
    assert notice.title == "Revised Best Value Notice"
    assert notice.summary == "<p>New summary.</p>"
    assert notice.improvement_areas.get().title == "Governance"


def test_applying_on_top_keeps_an_area_changed_by_the_other_officer():
    """Ann renames an area while Bob writes its progress note: Bob's apply on top keeps both."""
    notice = make_notice(title="Revised notice", is_published=False)
    make_area(notice, position=1, title="Governance")
    first, second = signed_in("ann"), signed_in("bob")
    first_form, second_form = first.get(change_url(notice)), second.get(change_url(notice))
    renamed = form_data(first_form, "bestvaluenotice_form", **{"improvement_areas-0-title": "Governance and culture"})
    assert first.post(change_url(notice), renamed).status_code == 302

    typed = form_data(second_form, "bestvaluenotice_form", **{"improvement_areas-0-progress_note": "Board appointed."})
    conflict = second.post(change_url(notice), typed)
    assert conflict.status_code == 409
    assertContains(conflict, "What you typed in the improvement areas is kept too", status_code=409)
    assert second.post(change_url(notice), form_data(conflict, "conflict_form", apply_on_top="1")).status_code == 302
    area = notice.improvement_areas.get()
    assert (area.title, area.progress_note) == ("Governance and culture", "Board appointed.")


def test_applying_on_top_keeps_the_area_wording_the_officer_typed():
    """Both change the same area: the one applying on top keeps the words they typed there."""
    notice = make_notice(title="Revised notice", is_published=False)
    make_area(notice, position=1, title="Governance")
    first, second = signed_in("ann"), signed_in("bob")
    first_form, second_form = first.get(change_url(notice)), second.get(change_url(notice))
    assert (
        first.post(
            change_url(notice), form_data(first_form, "bestvaluenotice_form", **{"improvement_areas-0-title": "Ann's"})
        ).status_code
        == 302
    )
    typed = form_data(second_form, "bestvaluenotice_form", **{"improvement_areas-0-title": "Bob's"})
    conflict = second.post(change_url(notice), typed)
    assert second.post(change_url(notice), form_data(conflict, "conflict_form", apply_on_top="1")).status_code == 302
    assert notice.improvement_areas.get().title == "Bob's"
