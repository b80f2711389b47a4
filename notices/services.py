"""Writes to notices that take more than one step."""

import datetime

from notices.models import BestValueNotice, ImprovementArea

# Areas deleted with their notice are deleted in the same transaction, within moments of it.
AREA_DELETION_WINDOW = datetime.timedelta(minutes=1)


def restore_areas_deleted_with(notice: BestValueNotice) -> list[ImprovementArea]:
    """Bring back, as they were, the improvement areas deleted with ``notice``.

    Deleting a notice deletes its areas too (their versions stay in history); recovering the
    notice from history recovers them with it. Areas removed earlier, on their own, stay removed.
    """
    deletion = BestValueNotice.history.filter(id=notice.pk, history_type="-").order_by("-history_date").first()
    if deletion is None:
        return []
    around = (deletion.history_date - AREA_DELETION_WINDOW, deletion.history_date + AREA_DELETION_WINDOW)
    deletions = ImprovementArea.history.filter(notice_id=notice.pk, history_type="-", history_date__range=around)
    existing = set(ImprovementArea.objects.filter(notice=notice).values_list("pk", flat=True))
    restored = []
    for record in deletions.exclude(id__in=existing).order_by("position", "id"):
        area = record.instance
        area._change_reason = "Restored with its notice"
        area.save(force_insert=True)
        restored.append(area)
    return restored
