import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from notices.models import BestValueNotice, ImprovementArea, NoticeStatus
from notices.status import default_ends_on
from tests.factories import make_area, make_notice, make_statement

D = datetime.date
pytestmark = pytest.mark.django_db


def annotated(notice, day):
    return BestValueNotice.objects.with_status(day).get(pk=notice.pk)


def in_force_slugs(day):
    return set(BestValueNotice.objects.in_force_on(day).values_list("slug", flat=True))


# Defaults


def test_ends_on_defaults_to_six_months_less_a_day():
    """30 January 2024 gives 29 July 2024."""
    assert default_ends_on(D(2024, 1, 30)) == D(2024, 7, 29)


def test_ends_on_default_clamps_to_month_end():
    """31 August 2023 plus six months is 29 February, so the notice ends on 28 February 2024."""
    assert default_ends_on(D(2023, 8, 31)) == D(2024, 2, 28)


def test_starts_on_defaults_to_issued_on_and_ends_on_follows():
    """A notice saved without dates is in force from the day it was issued, for six months."""
    notice = make_notice(issued_on=D(2024, 1, 30))
    notice.refresh_from_db()
    assert (notice.starts_on, notice.ends_on) == (D(2024, 1, 30), D(2024, 7, 29))


def test_defaults_apply_on_plain_save_too():
    """The shell and imports get the same defaults as the admin."""
    notice = BestValueNotice.objects.create(title="T", slug="t", issued_by="Dept", issued_on=D(2023, 8, 31))
    assert (notice.starts_on, notice.ends_on) == (D(2023, 8, 31), D(2024, 2, 28))


def test_an_officer_may_set_another_ends_on():
    notice = make_notice(issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31))
    assert annotated(notice, D(2024, 7, 31)).status == NoticeStatus.IN_FORCE


def test_recipient_defaults_to_the_authority(settings):
    notice = make_notice()
    assert notice.recipient == settings.AUTHORITY_NAME


# Status on the boundary days


def test_status_of_a_lone_notice_on_each_boundary_day():
    """Upcoming the day before it starts, in force on its first and last day, expired the day after."""
    notice = make_notice(issued_on=D(2024, 1, 30))
    assert annotated(notice, D(2024, 1, 29)).status == NoticeStatus.UPCOMING
    assert annotated(notice, D(2024, 1, 30)).status == NoticeStatus.IN_FORCE
    assert annotated(notice, D(2024, 7, 29)).status == NoticeStatus.IN_FORCE
    assert annotated(notice, D(2024, 7, 30)).status == NoticeStatus.EXPIRED
    assert annotated(notice, D(2024, 7, 30)).in_force_until == D(2024, 7, 29)


def test_in_force_on_includes_first_and_last_day_only():
    notice = make_notice(issued_on=D(2024, 1, 30))
    assert in_force_slugs(D(2024, 1, 29)) == set()
    assert in_force_slugs(D(2024, 1, 30)) == {notice.slug}
    assert in_force_slugs(D(2024, 7, 29)) == {notice.slug}
    assert in_force_slugs(D(2024, 7, 30)) == set()


def test_successor_ends_the_earlier_notice_the_day_before_it_starts(first_and_revised):
    """A superseded notice is not in force from its successor's first day."""
    first, revised = first_and_revised
    assert annotated(first, D(2024, 1, 29)).in_force_until == D(2024, 1, 29)
    assert in_force_slugs(D(2024, 1, 29)) == {first.slug}
    assert in_force_slugs(D(2024, 1, 30)) == {revised.slug}
    assert annotated(first, D(2024, 1, 30)).status == NoticeStatus.SUPERSEDED


def test_notice_that_lapsed_before_its_successor_reads_expired_until_the_successor_starts():
    first = make_notice(issued_on=D(2023, 1, 1))  # ends 30 June 2023
    make_notice(issued_on=D(2023, 9, 1), supersedes=first)
    assert annotated(first, D(2023, 6, 30)).status == NoticeStatus.IN_FORCE
    assert annotated(first, D(2023, 7, 1)).status == NoticeStatus.EXPIRED
    assert annotated(first, D(2023, 8, 31)).status == NoticeStatus.EXPIRED
    assert annotated(first, D(2023, 9, 1)).status == NoticeStatus.SUPERSEDED
    assert annotated(first, D(2023, 9, 1)).in_force_until == D(2023, 6, 30)


def test_draft_successor_changes_nothing():
    """Drafts do not affect published notices."""
    first = make_notice(issued_on=D(2024, 1, 30))
    make_notice(issued_on=D(2024, 3, 1), supersedes=first, is_published=False)
    assert annotated(first, D(2024, 3, 1)).status == NoticeStatus.IN_FORCE
    assert annotated(first, D(2024, 3, 1)).in_force_until == D(2024, 7, 29)
    assert in_force_slugs(D(2024, 3, 1)) >= {first.slug}


def test_withdrawn_notice_stops_the_day_before_withdrawal():
    notice = make_notice(issued_on=D(2024, 1, 30), withdrawn_on=D(2024, 4, 1))
    assert annotated(notice, D(2024, 3, 31)).status == NoticeStatus.IN_FORCE
    assert annotated(notice, D(2024, 4, 1)).status == NoticeStatus.WITHDRAWN
    assert annotated(notice, D(2024, 4, 1)).in_force_until == D(2024, 3, 31)
    assert in_force_slugs(D(2024, 4, 1)) == set()


def test_withdrawal_takes_precedence_over_supersession():
    first = make_notice(issued_on=D(2024, 1, 1), withdrawn_on=D(2024, 2, 1))
    make_notice(issued_on=D(2024, 3, 1), supersedes=first)
    assert annotated(first, D(2024, 3, 1)).status == NoticeStatus.WITHDRAWN


def test_published_excludes_drafts():
    published = make_notice()
    make_notice(is_published=False)
    assert list(BestValueNotice.objects.published()) == [published]


@pytest.mark.parametrize(
    "day",
    [D(2023, 1, 23), D(2023, 1, 24), D(2023, 7, 23), D(2023, 7, 24), D(2023, 9, 1), D(2024, 1, 29), D(2024, 1, 30),
     D(2024, 4, 1), D(2024, 4, 2), D(2024, 7, 29), D(2024, 7, 30)],
)  # fmt: skip
def test_model_and_queryset_agree_on_status(day):
    """``status_on()`` in Python mirrors ``with_status()`` in SQL on every boundary day."""
    first = make_notice(issued_on=D(2023, 1, 24))
    second = make_notice(issued_on=D(2023, 9, 1), supersedes=first)
    third = make_notice(issued_on=D(2024, 1, 30), supersedes=second, withdrawn_on=D(2024, 4, 2))
    make_notice(issued_on=D(2024, 7, 1), supersedes=third, is_published=False)
    for notice in BestValueNotice.objects.with_status(day):
        assert notice.status == notice.status_on(day), notice.title
        assert notice.in_force_until == notice.compute_in_force_until(), notice.title
        assert notice.is_in_force_on(day) == (notice.status == NoticeStatus.IN_FORCE)


# Validation: messages for officers, and the database as the last line


def test_ends_before_start_is_refused_with_a_clear_message():
    notice = BestValueNotice(title="T", slug="t", issued_by="D", issued_on=D(2024, 1, 30), ends_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert error.value.error_dict["ends_on"][0].code == "ends_before_start"
    assert "on or after the first day in force (30 January 2024)" in error.value.message_dict["ends_on"][0]


def test_database_refuses_ends_before_start():
    notice = make_notice(issued_on=D(2024, 1, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        BestValueNotice.objects.filter(pk=notice.pk).update(ends_on=D(2024, 1, 1))


def test_notice_cannot_supersede_itself():
    notice = make_notice()
    notice.supersedes = notice
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert error.value.error_dict["supersedes"][0].code == "supersedes_itself"


def test_database_refuses_a_notice_superseding_itself():
    notice = make_notice()
    with pytest.raises(IntegrityError), transaction.atomic():
        BestValueNotice.objects.filter(pk=notice.pk).update(supersedes=notice.pk)


def test_notice_cannot_supersede_one_starting_on_or_after_it():
    later = make_notice(issued_on=D(2024, 3, 1))
    same_day = make_notice(issued_on=D(2024, 1, 30))
    for predecessor in (later, same_day):
        notice = BestValueNotice(title="T", slug="t", issued_by="D", issued_on=D(2024, 1, 30), supersedes=predecessor)
        with pytest.raises(ValidationError) as error:
            notice.full_clean()
        assert error.value.error_dict["supersedes"][0].code == "supersedes_later_notice"
        assert "can only replace one that came into force before it" in error.value.message_dict["supersedes"][0]


def test_a_notice_is_replaced_by_at_most_one_notice():
    """The link is one-to-one, drafts included: a second successor is refused."""
    first = make_notice(issued_on=D(2023, 1, 24))
    make_notice(issued_on=D(2024, 1, 30), supersedes=first, is_published=False)
    with pytest.raises(ValidationError) as error:
        make_notice(issued_on=D(2024, 2, 1), supersedes=first)
    assert "supersedes" in error.value.error_dict


def test_withdrawn_before_start_is_refused():
    notice = BestValueNotice(title="T", slug="t", issued_by="D", issued_on=D(2024, 1, 30), withdrawn_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert error.value.error_dict["withdrawn_on"][0].code == "withdrawn_before_start"


def test_referenced_notice_cannot_be_deleted(first_and_revised):
    """PROTECT: a notice replaced by another, or answered by a statement, is withdrawn, not deleted."""
    first, second = first_and_revised
    make_statement(notice=second)
    with pytest.raises(ProtectedError):
        first.delete()
    with pytest.raises(ProtectedError):
        second.delete()
    assert BestValueNotice.objects.count() == 2


def test_unreferenced_notice_can_be_deleted():
    notice = make_notice()
    notice.delete()
    assert not BestValueNotice.objects.exists()


# The auditors' filters as QuerySet methods


def test_issued_between_includes_both_ends_and_allows_open_ends():
    make_notice(slug="jan-23", issued_on=D(2023, 1, 24))
    make_notice(slug="jan-24", issued_on=D(2024, 1, 30))

    def slugs(start, end):
        return set(BestValueNotice.objects.issued_between(start, end).values_list("slug", flat=True))

    assert slugs(D(2023, 1, 24), D(2024, 1, 30)) == {"jan-23", "jan-24"}
    assert slugs(D(2023, 1, 25), D(2024, 1, 29)) == set()
    assert slugs(None, D(2023, 1, 24)) == {"jan-23"}
    assert slugs(D(2023, 1, 25), None) == {"jan-24"}
    assert slugs(None, None) == {"jan-23", "jan-24"}


def test_filtered_status_agrees_with_the_model_on_every_boundary_day(first_and_revised):
    """``filtered(status=...)`` (SQL) and ``status_on()`` (Python) agree, today being each boundary day."""
    make_notice(slug="withdrawn", issued_on=D(2022, 3, 1), withdrawn_on=D(2022, 5, 1))
    make_notice(slug="no-fixed-end", issued_on=D(2022, 3, 1), no_fixed_end=True)
    days = [D(2022, 2, 28), D(2022, 3, 1), D(2022, 4, 30), D(2022, 5, 1), D(2023, 1, 24), D(2024, 1, 29),
            D(2024, 1, 30), D(2024, 7, 31), D(2024, 8, 1)]  # fmt: skip
    for day in days:
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC), tick=False):
            for status in NoticeStatus.values:
                in_sql = set(BestValueNotice.objects.filtered(status=status).values_list("slug", flat=True))
                in_python = {n.slug for n in BestValueNotice.objects.all() if n.status_on(day) == status}
                assert in_sql == in_python, (day, status)


def test_progress_reported_again_is_dated_today():
    """A later change to progress or its note moves the date on, unless the officer entered one."""
    notice = make_notice()
    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        area = make_area(notice, progress="in_progress", progress_note="Board met.")
    assert area.progress_updated_on == D(2024, 3, 1)
    with time_machine.travel(datetime.datetime(2024, 5, 2, 12, tzinfo=datetime.UTC), tick=False):
        area = ImprovementArea.objects.get(pk=area.pk)
        area.save()  # nothing reported: the date stays
        assert ImprovementArea.objects.get(pk=area.pk).progress_updated_on == D(2024, 3, 1)
        area.progress_note = "Board met twice."
        area.save()
    assert ImprovementArea.objects.get(pk=area.pk).progress_updated_on == D(2024, 5, 2)
    area = ImprovementArea.objects.get(pk=area.pk)
    area.progress = "complete"
    area.progress_updated_on = D(2024, 4, 30)  # entered by the officer
    area.save()
    assert ImprovementArea.objects.get(pk=area.pk).progress_updated_on == D(2024, 4, 30)


def test_a_start_too_late_for_the_default_end_asks_for_the_last_day():
    notice = BestValueNotice(title="T", slug="t", issued_by="D", issued_on=D(9999, 10, 1))
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert error.value.error_dict["ends_on"][0].code == "ends_on_required"


# A notice with no fixed end date: in force until its published successor starts or it is withdrawn


def open_ended(**fields):
    return make_notice(no_fixed_end=True, **fields)


def test_no_fixed_end_date_leaves_the_end_blank_instead_of_the_default():
    """Ticking "no fixed end date" is the officer's explicit choice: no six-month default is filled in."""
    notice = open_ended(issued_on=D(2023, 1, 24))
    notice.refresh_from_db()
    assert (notice.starts_on, notice.ends_on, notice.no_fixed_end) == (D(2023, 1, 24), None, True)


def test_a_blank_end_date_without_the_choice_still_defaults_to_six_months():
    notice = make_notice(issued_on=D(2023, 1, 24))
    assert (notice.ends_on, notice.no_fixed_end) == (D(2023, 7, 23), False)


def test_an_open_ended_notice_stays_in_force_with_no_known_last_day():
    notice = open_ended(issued_on=D(2023, 1, 24))
    assert annotated(notice, D(2023, 1, 23)).status == NoticeStatus.UPCOMING
    for day in (D(2023, 1, 24), D(2023, 7, 24), D(2030, 1, 1)):
        assert annotated(notice, day).status == NoticeStatus.IN_FORCE, day
        assert in_force_slugs(day) == {notice.slug}
    assert annotated(notice, D(2030, 1, 1)).in_force_until is None
    assert notice.compute_in_force_until() is None
    assert notice.in_force_dates() == "From 24 January 2023, with no fixed end date"


def test_a_published_successor_ends_an_open_ended_notice_the_day_before_it_starts():
    first = open_ended(issued_on=D(2023, 1, 24))
    revised = make_notice(issued_on=D(2024, 1, 30), supersedes=first)
    assert annotated(first, D(2024, 1, 29)).status == NoticeStatus.IN_FORCE
    assert annotated(first, D(2024, 1, 29)).in_force_until == D(2024, 1, 29)
    assert in_force_slugs(D(2024, 1, 29)) == {first.slug}
    assert annotated(first, D(2024, 1, 30)).status == NoticeStatus.SUPERSEDED
    assert in_force_slugs(D(2024, 1, 30)) == {revised.slug}
    assert annotated(first, D(2024, 2, 1)).in_force_dates() == "24 January 2023 to 29 January 2024"


def test_a_draft_successor_leaves_an_open_ended_notice_in_force():
    first = open_ended(issued_on=D(2023, 1, 24))
    make_notice(issued_on=D(2024, 1, 30), supersedes=first, is_published=False)
    assert annotated(first, D(2024, 6, 1)).status == NoticeStatus.IN_FORCE
    assert annotated(first, D(2024, 6, 1)).in_force_until is None


def test_a_withdrawal_ends_an_open_ended_notice():
    notice = open_ended(issued_on=D(2023, 1, 24), withdrawn_on=D(2023, 5, 1))
    assert annotated(notice, D(2023, 4, 30)).status == NoticeStatus.IN_FORCE
    assert annotated(notice, D(2023, 5, 1)).status == NoticeStatus.WITHDRAWN
    assert annotated(notice, D(2023, 5, 1)).in_force_until == D(2023, 4, 30)
    assert in_force_slugs(D(2023, 5, 1)) == set()


@pytest.mark.parametrize(
    "day",
    [D(2023, 1, 23), D(2023, 1, 24), D(2023, 7, 23), D(2023, 7, 24), D(2024, 1, 29), D(2024, 1, 30),
     D(2024, 4, 30), D(2024, 5, 1), D(2025, 1, 1)],
)  # fmt: skip
def test_model_and_queryset_agree_on_open_ended_notices(day):
    """``status_on()`` and ``compute_in_force_until()`` mirror the SQL for notices with no fixed end date."""
    replaced = open_ended(issued_on=D(2023, 1, 24), title="Replaced")
    make_notice(issued_on=D(2024, 1, 30), supersedes=replaced, title="Successor")
    open_ended(issued_on=D(2023, 1, 24), withdrawn_on=D(2024, 5, 1), title="Withdrawn")
    with_draft = open_ended(issued_on=D(2023, 1, 24), title="Draft successor only")
    make_notice(issued_on=D(2024, 1, 30), supersedes=with_draft, is_published=False, title="Draft")
    open_ended(issued_on=D(2023, 1, 24), title="Alone")
    for notice in BestValueNotice.objects.with_status(day):
        assert notice.status == notice.status_on(day), notice.title
        assert notice.in_force_until == notice.compute_in_force_until(), notice.title
        assert notice.is_in_force_on(day) == (notice.status == NoticeStatus.IN_FORCE), notice.title
    in_sql = set(BestValueNotice.objects.in_force_on(day).values_list("title", flat=True))
    assert in_sql == {notice.title for notice in BestValueNotice.objects.all() if notice.is_in_force_on(day)}


def test_an_end_date_and_no_fixed_end_date_together_are_refused_with_a_clear_message():
    notice = BestValueNotice(
        title="T", slug="t", issued_by="D", issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31), no_fixed_end=True
    )
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert error.value.error_dict["ends_on"][0].code == "end_date_with_no_fixed_end"
    assert "clear this date" in error.value.message_dict["ends_on"][0]


def test_database_refuses_an_end_date_with_no_fixed_end_date():
    notice = make_notice(issued_on=D(2024, 1, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        BestValueNotice.objects.filter(pk=notice.pk).update(no_fixed_end=True)


def test_database_refuses_a_missing_end_date_that_was_not_chosen():
    """A blank end date is only ever the explicit "no fixed end date", never one lost on the way."""
    notice = make_notice(issued_on=D(2024, 1, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        BestValueNotice.objects.filter(pk=notice.pk).update(ends_on=None)


@pytest.mark.parametrize("day", [D(2020, 3, 1), D(2020, 6, 15), D(2020, 7, 1), D(2020, 9, 1), D(2021, 6, 1)])
def test_the_notice_that_ended_last_is_found_even_when_another_has_a_later_fixed_end(day):
    """``last_in_force_before(day)`` is the ended notice with the latest last day in force, whichever
    of its fixed end, a withdrawal or a successor ended it: the same one the model's own dates give."""
    make_notice(issued_on=D(2020, 1, 1), ends_on=D(2020, 12, 31), withdrawn_on=D(2020, 2, 1), title="Withdrawn early")
    make_notice(issued_on=D(2020, 1, 15), ends_on=D(2020, 6, 30), title="Ran its course")
    open_ended(issued_on=D(2020, 1, 10), withdrawn_on=D(2020, 9, 1), title="No fixed end, withdrawn")
    replaced = make_notice(issued_on=D(2020, 2, 1), ends_on=D(2020, 11, 30), title="Replaced")
    make_notice(issued_on=D(2020, 5, 1), supersedes=replaced, title="Successor")
    ended = [
        notice
        for notice in BestValueNotice.objects.all()
        if notice.compute_in_force_until() is not None and notice.compute_in_force_until() < day
    ]
    expected = max(ended, key=lambda notice: (notice.compute_in_force_until(), notice.starts_on, notice.pk))
    assert BestValueNotice.objects.last_in_force_before(day).title == expected.title
