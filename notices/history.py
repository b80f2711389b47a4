"""Best Value Notices as they read at a past moment, rebuilt from their saved history in SQL.

What the public read at the end of a day is the latest saved version of each published notice
by then, its improvement areas as they were then, and its status judged on that day from what
was recorded by then: a successor published later is not yet known. Each function makes a fixed
number of queries however many versions there are (``core.records.rows_as_of``).
"""

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from core.dates import as_it_stood_moment
from core.records import NotPublicThen, first_public_moment, public_versions, record_from_row, rows_as_of
from notices.models import BestValueNotice, ImprovementArea, NoticeChangeNote
from notices.status import InForceUntil, StatusOn

# The start of the successor published by then, found in history rather than through the live join.
KNOWN_SUCCESSOR_STARTS_ON = "known_successor_starts_on"
PUBLIC = Q(is_published=True)


def published_rows(moment, day):
    """Published notices as saved by ``moment``, with ``in_force_until`` and ``status`` on ``day``."""
    rows = rows_as_of(BestValueNotice.history, moment).filter(PUBLIC)
    successor = rows.filter(supersedes_id=OuterRef("id")).values("starts_on")[:1]
    return rows.annotate(**{KNOWN_SUCCESSOR_STARTS_ON: Subquery(successor)}).annotate(
        in_force_until=InForceUntil(KNOWN_SUCCESSOR_STARTS_ON),
        status=StatusOn(day, KNOWN_SUCCESSOR_STARTS_ON),
    )


def in_force_rows(moment, day):
    """Of ``published_rows``, the notices in force on ``day`` as it was known by ``moment``."""
    return published_rows(moment, day).filter(in_force_on_q(day))


def in_force_on_q(day):
    """``starts_on`` ≤ day ≤ ``in_force_until``, where no known ``in_force_until`` (no fixed end date,
    nothing has ended it) means in force from the start onwards."""
    return Q(starts_on__lte=day) & (Q(in_force_until__gte=day) | Q(in_force_until__isnull=True))


def set_prefetched(record, name, items):
    """Give ``record`` the related ``items`` as if prefetched, so ``record.<name>.all`` reads them."""
    queryset = getattr(record, name).none()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    record.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def rebuild(rows, *, moment, day, areas=False):
    """Model instances from history ``rows``: each with its annotations, the ends of its chain as
    published by ``moment`` and, with ``areas``, its improvement areas as they were then.
    Links on them keep ``day`` (``as_read_on``); ``day`` None links to today's pages."""
    notices = []
    for row in rows:
        notice = record_from_row(row)
        notice.status, notice.in_force_until = row.status, row.in_force_until
        notice.as_read_on = day
        notices.append(notice)
    if not notices:
        return notices
    ids = [notice.pk for notice in notices]
    predecessor_ids = [notice.supersedes_id for notice in notices if notice.supersedes_id]
    ends = rows_as_of(BestValueNotice.history, moment).filter(PUBLIC)
    ends = ends.filter(Q(id__in=predecessor_ids) | Q(supersedes_id__in=ids))
    by_id, by_predecessor = {}, {}
    for row in ends:
        end = record_from_row(row)
        end.as_read_on = day
        by_id[end.pk] = end
        if end.supersedes_id:
            by_predecessor[end.supersedes_id] = end
    successor_cache = BestValueNotice.superseded_by.related
    for notice in notices:
        notice.supersedes = by_id.get(notice.supersedes_id)
        successor_cache.set_cached_value(notice, by_predecessor.get(notice.pk))
    if areas:
        by_notice = {notice.pk: [] for notice in notices}
        area_rows = rows_as_of(ImprovementArea.history, moment).filter(notice_id__in=ids)
        for row in area_rows.order_by("position", "id"):
            by_notice[row.notice_id].append(record_from_row(row))
        for notice in notices:
            set_prefetched(notice, "improvement_areas", by_notice[notice.pk])
        link_carried_from([area for listed in by_notice.values() for area in listed], moment=moment, notices=by_id)
    return notices


def link_carried_from(areas, *, moment, notices):
    """Give each area the earlier area it continues as that area read at ``moment``, with its notice
    from ``notices`` (by id: the notices public then), in one query however many areas there are.

    An earlier area gone by then, or of a notice not public then, is no link the public could follow.
    """
    earlier_ids = {area.carried_from_id for area in areas if area.carried_from_id}
    earlier = {}
    if earlier_ids:
        for row in rows_as_of(ImprovementArea.history, moment).filter(id__in=earlier_ids):
            area = record_from_row(row)
            notice = notices.get(area.notice_id)
            if notice is not None:
                area.notice = notice
                earlier[area.pk] = area
    for area in areas:
        if area.carried_from_id:
            area.carried_from = earlier.get(area.carried_from_id)


def versions(notice_id):
    """The notice's public versions, oldest first (``core.records.public_versions``)."""
    return public_versions(BestValueNotice.history.all(), notice_id, is_public=PUBLIC, public_from=F("history_date"))


def notice_as_read(slug, day, *, moment=None):
    """The notice at ``slug`` as the public read it at the end of ``day``, for its page.

    Raises ``NotPublicThen`` (a 404 naming the first day it was public) when it was not public.
    """
    moment = moment or as_it_stood_moment(day)
    row = published_rows(moment, day).filter(slug=slug).first()
    if row is None:
        raise NotPublicThen("notice", day, first_public_moment(BestValueNotice.history.all(), slug, versions))
    return with_page_details(rebuild([row], moment=moment, day=day, areas=True)[0], moment=moment, day=day)


def with_page_details(notice, *, moment, day):
    """The statements in response and the change notes as they were at ``moment``."""
    # The statements app builds on this one, so its history is reached through the relation.
    statement_history = BestValueNotice.statements.rel.related_model.history
    statements = (
        rows_as_of(statement_history, moment)
        .filter(notice_id=notice.pk, is_published=True, published_at__lte=moment)
        .exclude(withdrawn_at__lte=moment)
        .order_by("-published_at", "-id")
    )
    notice.published_statements = []
    for row in statements:
        statement = record_from_row(row)
        statement.as_read_on = day
        notice.published_statements.append(statement)
    notes = NoticeChangeNote.objects.filter(notice_id=notice.pk, made_at__lte=moment).newest_first()
    notice.public_notes = list(notes)
    return notice


def notice_version(version):
    """The notice as its public ``version`` last read, for the version's page (links to today's pages)."""
    moment = version.read_at
    day = timezone.localdate(moment)
    row = published_rows(moment, day).filter(history_id=version.row.history_id).first()
    if row is None:  # the version's own save: read it with what was recorded by its last moment
        row = published_rows(moment, day).filter(id=version.row.id).first()
    return with_page_details(rebuild([row], moment=moment, day=None, areas=True)[0], moment=moment, day=None)


def filtered_rows(day, *, issued_from=None, issued_to=None, in_force_on=None, status=None):
    """The auditors' filters over the notices as they read at the end of ``day``, newest issued
    first: the same rules as ``BestValueNoticeQuerySet.filtered()``, with the status judged on ``day``."""
    rows = published_rows(as_it_stood_moment(day), day)
    if issued_from is not None:
        rows = rows.filter(issued_on__gte=issued_from)
    if issued_to is not None:
        rows = rows.filter(issued_on__lte=issued_to)
    if in_force_on is not None:
        rows = rows.filter(in_force_on_q(in_force_on))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-issued_on", "-id")


def rebuild_listed(rows, day, *, areas=False):
    """A page of ``filtered_rows`` as notices, each with its chain ends (and areas) as they read then.

    ``improvement_area_count`` is set too, for the CSV export, from the areas when read.
    """
    moment = as_it_stood_moment(day)
    notices = rebuild(rows, moment=moment, day=day, areas=areas)
    if areas:
        for notice in notices:
            notice.improvement_area_count = len(notice.improvement_areas.all())
    return notices
