"""When a notice is in force and what its status is on a day: the rule, and its SQL expressions.

``BestValueNoticeQuerySet.with_status()`` annotates with these expressions; the model's
``status_on()`` mirrors them for one notice, and a test checks the two agree on every boundary day.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import CharField, F

ONE_DAY = datetime.timedelta(days=1)
DEFAULT_TERM = relativedelta(months=6)


def default_ends_on(starts_on):
    """Six calendar months less a day: 30 Jan 2024 gives 29 Jul 2024, 31 Aug 2023 gives 28 Feb 2024."""
    return starts_on + DEFAULT_TERM - ONE_DAY


# The join to the notice's published successor, if any, and that successor's first day in force.
PUBLISHED_SUCCESSOR = "published_successor_join"
SUCCESSOR_STARTS_ON = f"{PUBLISHED_SUCCESSOR}__starts_on"


class InForceUntil(models.Expression):
    """The earliest of ``ends_on``, the day before the published successor starts and the day
    before the notice was withdrawn, computed in SQL the same way on PostgreSQL and SQLite;
    NULL for a notice with no fixed end date that nothing has ended yet.

    One expression over three columns rather than ``Least``/``Coalesce``/``Func`` objects:
    Django builds, compiles and hashes every node of an expression tree for each query.
    A NULL column (no end date fixed, no successor, not withdrawn) takes no part.
    """

    output_field = models.DateField()

    def __init__(self, successor_starts_on=SUCCESSOR_STARTS_ON):
        # ``successor_starts_on`` names another column when the successor is found otherwise
        # (as it stood at a past moment, from history).
        super().__init__()
        self.columns = [F("ends_on"), F(successor_starts_on), F("withdrawn_on")]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def compile_columns(self, compiler, day_before):
        (ends_on, end_params), (successor_starts_on, successor_params), (withdrawn_on, withdrawn_params) = (
            compiler.compile(column) for column in self.columns
        )
        # A column may be a subquery with parameters of its own (the successor found in history).
        return (
            (ends_on, end_params),
            (day_before.format(successor_starts_on), successor_params),
            (day_before.format(withdrawn_on), withdrawn_params),
        )

    def as_sql(self, compiler, connection):
        # PostgreSQL's LEAST ignores NULLs: NULL only when all three are.
        (ends_on, end_p), (successor_end, successor_p), (withdrawn_end, withdrawn_p) = self.compile_columns(
            compiler, "({} - 1)"
        )
        return f"LEAST({ends_on}, {successor_end}, {withdrawn_end})", (*end_p, *successor_p, *withdrawn_p)

    def as_sqlite(self, compiler, connection):
        # SQLite's MIN gives NULL when any argument is, so each falls back to the first one known.
        (ends_on, end_p), (successor_end, successor_p), (withdrawn_end, withdrawn_p) = self.compile_columns(
            compiler, "date({}, '-1 day')"
        )
        known = f"COALESCE({ends_on}, {successor_end}, {withdrawn_end})"
        known_p = (*end_p, *successor_p, *withdrawn_p)
        sql = (
            f"MIN(COALESCE({ends_on}, {known}), COALESCE({successor_end}, {known}), COALESCE({withdrawn_end}, {known}))"
        )
        return sql, (*end_p, *known_p, *successor_p, *known_p, *withdrawn_p, *known_p)


class NoticeStatus(models.TextChoices):
    """The status values (kept in exports and query strings) and the words people read.

    ``superseded`` reads "Replaced": the word residents use for a notice another took over from.
    """

    UPCOMING = "upcoming", "Upcoming"
    IN_FORCE = "in_force", "In force"
    SUPERSEDED = "superseded", "Replaced"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StatusOn(models.Expression):
    """A notice's status on ``day`` as one SQL CASE over its own columns and its published successor's start.

    The same rule as ``BestValueNotice.status_on()``, in its order: upcoming before
    ``starts_on``; in force while ``in_force_until`` ≥ day (``ends_on`` ≥ day or no fixed end
    date, no published successor started and not withdrawn by then); then withdrawn, superseded or expired.
    Written as one expression rather than ``Case``/``When``: Django builds, compiles and
    hashes a tree of lookups for every query, which cost more than running the query itself.
    """

    output_field = CharField()

    def __init__(self, day, successor_starts_on=SUCCESSOR_STARTS_ON):
        super().__init__()
        self.day = day
        self.columns = [F("starts_on"), F("ends_on"), F("withdrawn_on"), F(successor_starts_on)]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        compiled = [compiler.compile(column) for column in self.columns]
        (starts_on, starts_p), (ends_on, ends_p), (withdrawn_on, withdrawn_p), (successor_starts_on, successor_p) = (
            compiled
        )
        day = connection.ops.adapt_datefield_value(self.day)
        sql = (
            f"CASE WHEN {starts_on} > %s THEN %s"
            f" WHEN ({ends_on} IS NULL OR {ends_on} >= %s) AND ({successor_starts_on} IS NULL OR {successor_starts_on} > %s)"
            f" AND ({withdrawn_on} IS NULL OR {withdrawn_on} > %s) THEN %s"
            f" WHEN {withdrawn_on} <= %s THEN %s"
            f" WHEN {successor_starts_on} <= %s THEN %s"
            " ELSE %s END"
        )
        # Each column's own parameters (a subquery has some) where the column appears.
        params = (
            *starts_p,
            day,
            NoticeStatus.UPCOMING.value,
            *ends_p,
            *ends_p,
            day,
            *successor_p,
            *successor_p,
            day,
            *withdrawn_p,
            *withdrawn_p,
            day,
            NoticeStatus.IN_FORCE.value,
            *withdrawn_p,
            day,
            NoticeStatus.WITHDRAWN.value,
            *successor_p,
            day,
            NoticeStatus.SUPERSEDED.value,
            NoticeStatus.EXPIRED.value,
        )
        return sql, params
