"""Statements as they read at a past moment, rebuilt from their saved history in SQL.

A statement the public could read at a moment is the latest version saved by then that was
published with its publication time reached; it is listed unless withdrawn by then. Each
function makes a fixed number of queries however many versions there are.
"""

from django.db.models import Q
from django.db.models.functions import Greatest

from core.dates import as_it_stood_moment
from core.records import NotPublicThen, first_public_moment, public_versions, record_from_row, rows_as_of
from statements.models import Statement, StatementChangeNote

PUBLIC = Q(is_published=True)


def viewable_rows(moment):
    """Statements with a public page at ``moment`` (withdrawn ones keep theirs), as saved by then."""
    return rows_as_of(Statement.history, moment).filter(PUBLIC, published_at__lte=moment)


def listed_rows(moment):
    """Statements listed at ``moment``: viewable and not withdrawn by then, newest first."""
    return viewable_rows(moment).exclude(withdrawn_at__lte=moment).order_by("-published_at", "-id")


def rebuild(row, *, moment, day):
    """A statement instance from a history row, as it read at ``moment``; its links keep ``day``."""
    statement = record_from_row(row)
    statement.as_read_on = day
    if statement.withdrawn_at is not None and statement.withdrawn_at > moment:
        # A withdrawal set for later had not happened yet.
        statement.withdrawn_at, statement.withdrawal_reason = None, ""
    return statement


def versions(statement_id):
    """The statement's public versions, oldest first: a scheduled version counts from its time."""
    return public_versions(
        Statement.history.all(),
        statement_id,
        is_public=PUBLIC,
        public_from=Greatest("history_date", "published_at"),
    )


def statement_as_read(slug, day, *, moment=None):
    """The statement at ``slug`` as the public read it at the end of ``day``, for its page.

    Raises ``NotPublicThen`` (a 404 naming the first day it was public) when it was not public.
    """
    moment = moment or as_it_stood_moment(day)
    row = viewable_rows(moment).filter(slug=slug).first()
    if row is None:
        raise NotPublicThen("statement", day, first_public_moment(Statement.history.all(), slug, versions))
    return with_page_details(rebuild(row, moment=moment, day=day), moment=moment, day=day)


def with_page_details(statement, *, moment, day):
    """The notice it responds to and the change notes, as they were at ``moment``."""
    notice_id = statement.notice_id
    statement.notice = None
    if notice_id is not None:
        # The notices app is a sibling: its history is reached through the relation.
        notice_history = Statement.notice.field.related_model.history
        row = rows_as_of(notice_history, moment).filter(id=notice_id, is_published=True).first()
        if row is not None:
            statement.notice = record_from_row(row)
            statement.notice.as_read_on = day
    notes = StatementChangeNote.objects.filter(statement_id=statement.pk, made_at__lte=moment).newest_first()
    statement.public_notes = list(notes)
    return statement
