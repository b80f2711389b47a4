"""What a notice's page and the JSON export say about its improvement areas beyond their wording:
where each came from or went across revised notices, and the public history of its progress.

Each function works on a whole list of areas (one notice's, or every notice's in an export) in
one query, so pages and exports make the same number of queries however many areas there are.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

# HistoricalImprovementArea is the area's history table, which django-simple-history adds to notices.models.
from notices.models import HistoricalImprovementArea, ImprovementArea, Progress


@dataclass(frozen=True)
class ProgressReport:
    """One public change of an area's progress or note, dated as the officer dated it."""

    reported_on: datetime.date
    progress: str
    note: str

    def get_progress_display(self):
        return Progress(self.progress).label

    def as_data(self):
        return {"date": self.reported_on.isoformat(), "progress": self.progress, "note": self.note}


def progress_reports(versions, first_published_at):
    """The public changes of one area's progress, newest first, from its saved versions (oldest first).

    A change is a version whose progress or note differs from the one before. Progress is part
    of the public record once the notice is public: reports saved while it was a draft are
    replaced by the last of them, which is what the public first read.
    """
    changes = []
    for saved_at, progress, note, reported_on in versions:
        if reported_on is None:
            # Never reported: the area still says "not yet reported".
            continue
        if changes and (changes[-1][1].progress, changes[-1][1].note) == (progress, note):
            continue
        changes.append((saved_at, ProgressReport(reported_on=reported_on, progress=progress, note=note)))
    if first_published_at is not None:
        before = [change for change in changes if change[0] < first_published_at]
        changes = before[-1:] + changes[len(before) :]
    return [report for _, report in reversed(changes)]


def attach_progress_history(notices):
    """Set ``area.progress_history`` on every area of ``notices`` (areas already prefetched): one query."""
    areas = {area.pk: (notice, area) for notice in notices for area in notice.improvement_areas.all()}
    versions = {}
    if areas:
        # The history table's plain manager: ``ImprovementArea.history`` builds a new manager class on
        # every access, which costs more CPU than building the query.
        rows = (
            HistoricalImprovementArea.objects.filter(notice_id__in={notice.pk for notice, _ in areas.values()})
            .order_by("history_date", "history_id")
            .values_list("id", "history_date", "progress", "progress_note", "progress_updated_on")
        )
        for area_id, *version in rows:
            if area_id in areas:
                versions.setdefault(area_id, []).append(version)
    for area_id, (notice, area) in areas.items():
        area.progress_history = progress_reports(versions.get(area_id, []), notice.first_published_at)


def areas_with_links():
    """The areas of notices, each with the area it continues (and that area's notice) joined.

    Of the earlier area only what a link and label need; of its notice only what the JSON export
    names (its address, when it is public).
    """
    own = [field.name for field in ImprovementArea._meta.concrete_fields]
    earlier = [f"carried_from__{name}" for name in AREA_FIELDS]
    queryset = ImprovementArea.objects.select_related("carried_from__notice").only(
        *own, *earlier, "carried_from__notice__slug", "carried_from__notice__is_published"
    )
    return Prefetch("improvement_areas", queryset=queryset)


# What the neighbouring notices' areas are shown with: a link and a label.
AREA_FIELDS = ("id", "notice", "position", "title", "progress", "progress_note", "progress_updated_on")


@dataclass
class Continuity:
    """How one notice's areas relate to the notice it replaces and the notice that replaced it.

    ``continued`` and ``new`` are this notice's areas (when it replaces a published notice);
    ``dropped`` are the replaced notice's areas that no area here continues; ``onward`` maps
    each of this notice's areas to the areas of the published successor that continue it.
    """

    predecessor: object = None
    successor: object = None
    predecessor_areas: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    onward: dict = field(default_factory=dict)

    def carried_from(self, area):
        """The earlier area ``area`` continues, if it is an area of the published notice this one replaces."""
        earlier = area.carried_from
        if self.predecessor is not None and earlier is not None and earlier.notice_id == self.predecessor.pk:
            return earlier
        return None


def continuity(notice, areas):
    """Where ``notice``'s areas came from and went: at most two queries, one for each neighbour."""
    result = Continuity(predecessor=notice.published_predecessor, successor=notice.published_successor)
    if result.predecessor is not None:
        continued = {area.carried_from_id for area in areas if area.carried_from_id}
        result.predecessor_areas = list(ImprovementArea.objects.filter(notice=result.predecessor).only(*AREA_FIELDS))
        result.dropped = [area for area in result.predecessor_areas if area.pk not in continued]
    if result.successor is not None:
        for later in (
            ImprovementArea.objects.filter(notice=result.successor, carried_from__notice=notice)
            .only(*AREA_FIELDS, "carried_from")
            .order_by("position", "pk")
        ):
            result.onward.setdefault(later.carried_from_id, []).append(later)
    for area in areas:
        area.continues = result.carried_from(area)
        area.continued_as = result.onward.get(area.pk, [])
    return result
