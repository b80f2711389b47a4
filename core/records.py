"""The public record read back from history: what a record said at a moment, and its public versions.

Every save of a statement, notice or improvement area is kept by django-simple-history, one row
per save with its ``history_date``. The record as it read at a moment is the latest row saved by
then (a deletion row means it was gone). These helpers build that in SQL, one query whatever the
number of saves, so pages "as it read on a day" keep a fixed query count.

Content apps say what "public" means for one of their rows (``public_rows``), and
``public_versions`` numbers the rows the public could actually read: a row replaced before it
ever went live (a draft's save, a scheduled statement corrected before its time) is no version.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import DEFERRED, BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, Window
from django.db.models.functions import Lead
from django.http import Http404
from django.utils import timezone
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from core.dates import long_date


def rows_as_of(history, moment):
    """The latest saved row of each record at ``moment``, records deleted by then left out.

    ``history`` is a model's history manager or a queryset of its rows. A later row is looked for
    with NOT EXISTS on (id, history_date), so the answer is one query however long the history.
    """
    queryset = history.all() if hasattr(history, "all") else history
    later = queryset.model._default_manager.filter(id=OuterRef("id"), history_date__lte=moment).filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id"))
    )
    return queryset.filter(history_date__lte=moment).exclude(Exists(later)).exclude(history_type="-")


def record_from_row(row):
    """The record as the history ``row`` saved it: ``row.instance`` without a query of its own.

    django-simple-history fills the columns history leaves out (the search vectors) from the live
    table, one query per row, and with today's values rather than the row's. Only SQL uses those
    columns, so a record read back for a page leaves them deferred instead.
    """
    model = row.instance_type
    saved = {field.attname: getattr(row, field.attname) for field in row.tracked_fields}
    left_out = {field.attname: DEFERRED for field in model._meta.concrete_fields if field.attname not in saved}
    record = model(**saved, **left_out)
    # Marked as ``row.instance`` marks it: rebuilt from this row.
    setattr(record, SIMPLE_HISTORY_REVERSE_ATTR_NAME, row)
    return record


def url_on(url, day):
    """``url`` read as it stood on ``day`` (``?on=YYYY-MM-DD``), or unchanged when ``day`` is None."""
    return f"{url}?{urlencode({'on': day.isoformat()})}" if day else url


@dataclass
class Version:
    """One state of a record the public could read: from ``public_from`` until ``public_until``."""

    number: int
    row: object
    public_from: datetime.datetime
    public_until: datetime.datetime | None
    # Whether the record was taken off the site (unpublished or deleted) before this version.
    published_again: bool = False

    @property
    def note(self):
        """The change note saved with this version, "First published", "Published again" (after the
        record was off the site for a while) or "Minor change"."""
        reason = self.row.history_change_reason or ""
        if self.number == 1:
            return "First published"
        if self.published_again:
            # Back on the site is the fact the public needs; a change note saved with it follows.
            note = reason.removeprefix("Major change: ") if self.is_major else ""
            return f"Published again: {note}" if note else "Published again"
        if reason.startswith("Major change: "):
            return reason.removeprefix("Major change: ")
        if reason.startswith("Withdrawn"):
            return "Withdrawn"
        return "Minor change"

    @property
    def is_major(self):
        return (self.row.history_change_reason or "").startswith("Major change: ")

    @property
    def read_at(self):
        """The last moment this version was the one the public read (now for the current one)."""
        if self.public_until is None:
            return timezone.now()
        return self.public_until - datetime.timedelta(microseconds=1)


def public_versions(history, record_id, *, is_public, public_from):
    """Every public version of one record, numbered from 1, oldest first, in one query.

    ``is_public`` is a ``Q`` over a history row (published, not a deletion) and ``public_from``
    an expression for the moment that row became readable (its save, or a later scheduled
    time). A row counts only if it went live before the next save replaced it, so a draft's
    saves and a schedule corrected before its time are never versions.
    """
    order = [F("history_date").asc(), F("history_id").asc()]
    rows = (
        history.filter(id=record_id)
        .annotate(
            next_saved_at=Window(Lead("history_date"), partition_by=[F("id")], order_by=order),
            public_from=public_from,
            is_public=ExpressionWrapper(is_public & ~Q(history_type="-"), output_field=BooleanField()),
        )
        .order_by(*order)
    )
    versions = []
    off_the_site = False
    for row in rows:
        if not row.is_public:
            # Unpublished or deleted after a version: the next version is the record published again.
            off_the_site = off_the_site or bool(versions)
            continue
        if row.next_saved_at is not None and row.public_from >= row.next_saved_at:
            continue
        versions.append(
            Version(len(versions) + 1, row, row.public_from, row.next_saved_at, published_again=off_the_site)
        )
        off_the_site = False
    return versions


class NotPublicThen(Http404):
    """A record asked for on a day it was not public; the message names the first day it was."""

    def __init__(self, kind, day, first_public):
        if first_public is None:
            message = f"This {kind} was not public on {long_date(day)}."
        elif timezone.localdate(first_public) > day:
            message = (
                f"This {kind} was not public on {long_date(day)}: it was first public on "
                f"{long_date(timezone.localtime(first_public))}."
            )
        else:
            message = (
                f"This {kind} was not public on {long_date(day)}. It was first public on "
                f"{long_date(timezone.localtime(first_public))}."
            )
        super().__init__(message)
        self.message = message


def publication_moments_from_history(apps, app_label, model_name, schedule_field=None):
    """For data migrations: set when each published record became public, from its history.

    A record whose history shows it saved as a draft and published later became public at that
    save (or, when scheduled later still, at its scheduled time): "first published" and the
    schedule field are set to that moment. A record created already published keeps its own
    dates, the best claim there is. Who published comes from the user of that save. Written with
    ``update()``, so no history rows are added.
    """
    model = apps.get_model(app_label, model_name)
    history = apps.get_model(app_label, f"Historical{model_name}")
    for record in model.objects.filter(is_published=True).iterator():
        rows = list(history.objects.filter(id=record.pk).order_by("history_date", "history_id"))
        first = next((index for index, row in enumerate(rows) if row.is_published and row.history_type != "-"), None)
        if first is None:
            continue
        row = rows[first]
        moment = row.history_date
        if schedule_field is not None:
            moment = max(moment, getattr(row, schedule_field))
        updates = {}
        was_draft = any(not earlier.is_published for earlier in rows[:first])
        if was_draft:
            if record.first_published_at != moment:
                updates["first_published_at"] = moment
            if schedule_field is not None and getattr(record, schedule_field) < moment:
                updates[schedule_field] = moment
        elif record.first_published_at is None:
            updates["first_published_at"] = getattr(record, schedule_field) if schedule_field else moment
        if record.published_by_id is None and row.history_user_id is not None:
            updates["published_by_id"] = row.history_user_id
        if updates:
            model.objects.filter(pk=record.pk).update(**updates)


def first_public_moment(history, slug, versions):
    """When the record saved under ``slug`` in ``history`` first became public, or None if it never did.

    ``versions(pk)`` gives the record's public versions, oldest first.
    """
    record_id = history.filter(slug=slug).values_list("id", flat=True).first()
    found = versions(record_id) if record_id is not None else []
    return found[0].public_from if found else None
