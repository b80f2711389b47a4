"""Small explicit builders for test records. Each test says what matters to it."""

import datetime
import itertools

from django.utils import timezone

from notices.models import BestValueNotice, ImprovementArea
from statements.models import Statement

_sequence = itertools.count(1)


def make_notice(*, issued_on=datetime.date(2024, 1, 30), is_published=True, **fields):
    number = next(_sequence)
    fields.setdefault("title", f"Best Value Notice {number}")
    fields.setdefault("slug", f"notice-{number}")
    fields.setdefault("issued_by", "Department for Levelling Up, Housing and Communities")
    notice = BestValueNotice(issued_on=issued_on, is_published=is_published, **fields)
    notice.full_clean()
    notice.save()
    return notice


def make_area(notice, *, position=1, **fields):
    fields.setdefault("title", f"Area {position}")
    return ImprovementArea.objects.create(notice=notice, position=position, **fields)


def make_statement(*, published_at=None, is_published=True, **fields):
    number = next(_sequence)
    fields.setdefault("title", f"Statement {number}")
    fields.setdefault("slug", f"statement-{number}")
    fields.setdefault("summary", f"Summary of statement {number}.")
    fields.setdefault("body", f"<p>Body of statement {number}.</p>")
    if published_at is None:
        published_at = timezone.now() - datetime.timedelta(days=1)
    statement = Statement(published_at=published_at, is_published=is_published, **fields)
    statement.full_clean()
    statement.save()
    return statement


def make_first_and_revised(**revised_fields):
    """The story the portal tells: a notice and the revised notice that replaced it.

    The first notice ("first") was issued on 24 January 2023 to run to 30 June 2024; the revised
    notice ("revised") of 30 January 2024 replaced it and runs to 31 July 2024. ``revised_fields``
    change the revised notice (a title with quotes in it, say). Returns ``(first, revised)``.
    """
    first = make_notice(
        slug="first", title="First notice", issued_on=datetime.date(2023, 1, 24), ends_on=datetime.date(2024, 6, 30)
    )
    revised_fields = {
        "slug": "revised",
        "title": "Revised notice",
        "ends_on": datetime.date(2024, 7, 31),
        **revised_fields,
    }
    revised = make_notice(issued_on=datetime.date(2024, 1, 30), supersedes=first, **revised_fields)
    return first, revised


def make_chain(count, *, start=datetime.date(2000, 1, 1), areas=2, statements=1):
    """``count`` published notices, each replacing the one before, with areas and statements."""
    previous = None
    notices = []
    for index in range(count):
        notice = make_notice(issued_on=start + datetime.timedelta(days=200 * index), supersedes=previous)
        for position in range(1, areas + 1):
            make_area(notice, position=position)
        for _ in range(statements):
            make_statement(notice=notice)
        notices.append(notice)
        previous = notice
    return notices
