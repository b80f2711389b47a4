"""Improvement areas are numbered 1..N in the order they stand on the form; a new area goes last."""

import sys

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.migrations.loader import MigrationLoader
from pytest_django.asserts import assertContains

from notices.models import BestValueNotice, ImprovementArea
from tests.factories import make_area, make_notice
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db


def _positions(notice):
    return list(notice.improvement_areas.values_list("title", "position"))


def _add_areas(data, *areas, start):
    """Rows added with "Add another": ``areas`` are (title, typed position) pairs."""
    for index, (title, position) in enumerate(areas, start=start):
        data[f"improvement_areas-{index}-title"] = title
        data[f"improvement_areas-{index}-position"] = position
        data[f"improvement_areas-{index}-detail"] = ""
        data[f"improvement_areas-{index}-progress"] = "not_started"
    data["improvement_areas-TOTAL_FORMS"] = str(start + len(areas))
    return data


def _draft_with_areas(*titles):
    notice = make_notice(is_published=False)
    for position, title in enumerate(titles, start=1):
        make_area(notice, position=position, title=title)
    return notice


def test_an_area_saved_without_a_position_goes_after_the_last():
    """A new area with no position is numbered after the notice's last area, on every path."""
    notice = _draft_with_areas("First", "Second")
    area = ImprovementArea.objects.create(notice=notice, title="Third")
    assert area.position == 3


def test_the_first_area_of_a_notice_is_number_one():
    """A notice's first area without a position is area 1, not 0."""
    area = ImprovementArea.objects.create(notice=make_notice(is_published=False), title="Only")
    assert area.position == 1


def test_position_zero_is_refused_with_a_message():
    """Positions count from 1: the model refuses 0 with a message on the position field."""
    area = ImprovementArea(notice=make_notice(is_published=False), title="Zero", position=0)
    with pytest.raises(ValidationError) as error:
        area.full_clean()
    assert "position" in error.value.message_dict


def test_new_areas_added_on_the_form_go_last_in_the_order_added(client, editor):
    """Areas added on the form without positions are numbered after the existing ones, in form order."""
    notice = _draft_with_areas("First", "Second")
    data = form_data(client.get(admin_url(notice, "change")), "bestvaluenotice_form")
    _add_areas(data, ("Third", ""), ("Fourth", ""), start=2)
    response = client.post(admin_url(notice, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _positions(notice) == [("First", 1), ("Second", 2), ("Third", 3), ("Fourth", 4)]


def test_positions_moved_on_the_form_are_saved_as_one_to_n_in_that_order(client, editor):
    """An area moved to the top (its position typed as 1 of 1, 1, 2) is saved first, the rest follow 2..N."""
    notice = _draft_with_areas("First", "Second", "Third")
    data = form_data(
        client.get(admin_url(notice, "change")),
        "bestvaluenotice_form",
        **{
            "improvement_areas-2-position": "1",
            "improvement_areas-0-position": "2",
            "improvement_areas-1-position": "3",
        },
    )
    assert client.post(admin_url(notice, "change"), data).status_code == 302
    assert _positions(notice) == [("Third", 1), ("First", 2), ("Second", 3)]


def test_gaps_left_by_a_removed_area_close_up(client, publisher):
    """Removing the middle area renumbers the others 1..N, though nothing else on them changed."""
    notice = _draft_with_areas("First", "Second", "Third")
    data = form_data(
        client.get(admin_url(notice, "change")), "bestvaluenotice_form", **{"improvement_areas-1-DELETE": "on"}
    )
    assert client.post(admin_url(notice, "change"), data).status_code == 302
    assert _positions(notice) == [("First", 1), ("Third", 2)]


def test_typed_positions_with_gaps_and_repeats_are_saved_one_to_n(client, editor):
    """Whatever numbers are typed, the saved positions are 1..N, ties kept in form order."""
    notice = _draft_with_areas("First", "Second", "Third")
    data = form_data(
        client.get(admin_url(notice, "change")),
        "bestvaluenotice_form",
        **{
            "improvement_areas-0-position": "10",
            "improvement_areas-1-position": "5",
            "improvement_areas-2-position": "5",
        },
    )
    assert client.post(admin_url(notice, "change"), data).status_code == 302
    assert _positions(notice) == [("Second", 1), ("Third", 2), ("First", 3)]


def test_the_notice_form_offers_move_up_and_move_down(client, editor):
    """The notice form loads the script that adds "Move up" and "Move down" to each area."""
    notice = _draft_with_areas("First")
    assert "js/area-order.js" in client.get(admin_url(notice, "change")).content.decode()


def test_reordering_a_published_notices_areas_needs_no_change_note(client, publisher):
    """Moving areas of a published notice changes no wording, so a minor change saves it."""
    notice = make_notice()
    for position, title in enumerate(["First", "Second"], start=1):
        make_area(notice, position=position, title=title)
    data = form_data(
        client.get(admin_url(notice, "change")),
        "bestvaluenotice_form",
        change_kind="minor",
        **{"improvement_areas-0-position": "2", "improvement_areas-1-position": "1"},
    )
    response = client.post(admin_url(notice, "change"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _positions(BestValueNotice.objects.get(pk=notice.pk)) == [("Second", 1), ("First", 2)]


def test_the_migration_numbers_areas_saved_at_zero_from_one_in_their_order():
    """Areas added when every new area got position 0 are numbered 1..N in the order they were listed."""
    # Found by name, whatever number the migration is given.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (migration,) = [
        migration
        for (app_label, name), migration in loader.disk_migrations.items()
        if app_label == "notices" and name.endswith("_improvement_area_position_goes_last")
    ]
    module = sys.modules[type(migration).__module__]
    notice = make_notice(is_published=False)
    for title in ["First", "Second", "Third"]:
        make_area(notice, position=0, title=title)
    module.number_areas_from_one(apps, None)
    assert _positions(notice) == [("First", 1), ("Second", 2), ("Third", 3)]


def test_the_position_box_counts_from_one(client, editor):
    """The position box on the form does not offer 0."""
    notice = _draft_with_areas("First")
    assertContains(
        client.get(admin_url(notice, "change")),
        'name="improvement_areas-0-position" value="1" class="vIntegerField" min="1"',
    )
