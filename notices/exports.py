"""Best Value Notices as data: one module for the public CSV/JSON exports and the admin action.

Every export starts from ``export_queryset()``, which adds what the rows need in a fixed
number of queries per chunk of notices (status today, both ends of the chain, the area count,
and for JSON the areas themselves with the area each continues and their progress history).
Both are streamed, a chunk at a time, so memory stays flat however many notices there are.
"""

import csv
import itertools
import json
import textwrap

from django.http import StreamingHttpResponse

from core.dates import local_today
from core.site import absolute_url
from notices.areas import areas_with_links, attach_progress_history

FIELDS = [
    "slug",
    "title",
    "issued_by",
    "recipient",
    "issued_on",
    "starts_on",
    "ends_on",
    "in_force_until",
    "status",
    "supersedes",
    "superseded_by",
    "withdrawn_on",
    "improvement_areas",
    "url",
]
BASE_FILENAME = "best-value-notices"
# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Notices read from the database (and areas prefetched) at a time; each chunk is written out before the next.
CHUNK_SIZE = 500
# Excel reads a CSV as UTF-8 (accents, £, curly quotes) only when it starts with a byte-order mark.
BYTE_ORDER_MARK = "\ufeff"


def export_queryset(queryset, *, with_areas=False):
    """``queryset`` (of notices) with everything an export row needs, newest issued first.

    A list is notices already rebuilt as they read on a day (``notices.history``), used as it is.
    """
    if isinstance(queryset, list):
        return queryset
    queryset = queryset.for_public_page().for_listing()
    # JSON lists the areas themselves (in their Meta ordering); CSV gives their number.
    return queryset.prefetch_related(areas_with_links()) if with_areas else queryset.with_area_count()


def chunks(queryset):
    """The notices of ``queryset`` in lists of ``CHUNK_SIZE``, read through one cursor."""
    notices = iter(queryset) if isinstance(queryset, list) else queryset.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(notices, CHUNK_SIZE)):
        yield chunk
        # A notice and the neighbours and areas joined to it point at each other; dropping those links
        # lets each chunk be freed as soon as it is written, rather than whenever the cyclic garbage
        # collector runs, so memory stays flat however many notices there are.
        for notice in chunk:
            notice._state.fields_cache.clear()
            notice.__dict__.pop("_prefetched_objects_cache", None)


def _iso(day):
    return day.isoformat() if day else None


def area_record(area):
    """One area for JSON: its place, progress, the earlier area it continues and its progress history."""
    earlier = area.carried_from
    # The earlier notice is named only when it is public, as ``supersedes`` is.
    carried_from = (
        {"notice": earlier.notice.slug, "position": earlier.position}
        if earlier is not None and earlier.notice.is_published
        else None
    )
    return {
        "position": area.position,
        "title": area.title,
        "progress": area.progress,
        "carried_from": carried_from,
        # Areas rebuilt as they read on a past day carry no history: only today's export lists it.
        "progress_history": [report.as_data() for report in getattr(area, "progress_history", [])],
    }


def notice_record(notice, *, with_areas=False):
    """One notice as a dict of the export fields; ``improvement_areas`` is a count unless ``with_areas``."""
    predecessor = notice.published_predecessor
    successor = notice.published_successor
    if with_areas:
        areas = [area_record(area) for area in notice.improvement_areas.all()]
    else:
        areas = notice.improvement_area_count
    return {
        "slug": notice.slug,
        "title": notice.title,
        "issued_by": notice.issued_by,
        "recipient": notice.recipient,
        "issued_on": _iso(notice.issued_on),
        "starts_on": _iso(notice.starts_on),
        "ends_on": _iso(notice.ends_on),
        "in_force_until": _iso(notice.in_force_until),
        "status": notice.status,
        "supersedes": predecessor.slug if predecessor else None,
        "superseded_by": successor.slug if successor else None,
        "withdrawn_on": _iso(notice.withdrawn_on),
        "improvement_areas": areas,
        "url": absolute_url(notice.get_absolute_url()),
    }


def neutralise(value):
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def filename(extension, filters=""):
    """``best-value-notices_issued-from-2023-01-01_2026-11-26.csv``: the filters, then today's date."""
    parts = [BASE_FILENAME, filters, local_today().isoformat()]
    return "_".join(part for part in parts if part) + "." + extension


def _attachment(response, name):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _Echo:
    """A file that hands back what is written to it, so ``csv.writer`` gives lines to stream."""

    def write(self, value):
        return value


def csv_lines(queryset, *, bom=False):
    """The CSV text, a chunk of rows at a time."""
    writer = csv.writer(_Echo())
    yield (BYTE_ORDER_MARK if bom else "") + writer.writerow(FIELDS)
    for chunk in chunks(export_queryset(queryset)):
        yield "".join(
            writer.writerow([neutralise(record[field]) for field in FIELDS])
            for record in (notice_record(notice) for notice in chunk)
        )


def csv_response(queryset, *, name, bom=False):
    """The notices as a UTF-8 CSV attachment (one header row, one notice per row), streamed."""
    response = StreamingHttpResponse(csv_lines(queryset, bom=bom), content_type="text/csv; charset=utf-8")
    return _attachment(response, name)


def json_text(queryset, *, filters):
    """``json.dumps(document, indent=2)`` of the whole export, written a chunk of notices at a time."""
    count = len(queryset) if isinstance(queryset, list) else queryset.count()
    head = json.dumps({"count": count, "filters": filters}, ensure_ascii=False, indent=2)
    # The head without its closing "\n}", so the results follow inside the same object.
    yield head[:-2] + ',\n  "results": ['
    separator = "\n"
    rebuilt = isinstance(queryset, list)
    for chunk in chunks(export_queryset(queryset, with_areas=True)):
        if not rebuilt:
            attach_progress_history(chunk)
        parts = []
        for notice in chunk:
            record = json.dumps(notice_record(notice, with_areas=True), ensure_ascii=False, indent=2)
            # Each result sits two levels deep in the document; JSON strings hold no raw line breaks.
            parts.append(separator + textwrap.indent(record, "    "))
            separator = ",\n"
        yield "".join(parts)
    yield "]\n}" if separator == "\n" else "\n  ]\n}"


def json_response(queryset, *, name, filters):
    """``{"count": N, "filters": {...}, "results": [...]}`` as a UTF-8 JSON attachment, streamed."""
    response = StreamingHttpResponse(
        json_text(queryset, filters=filters), content_type="application/json; charset=utf-8"
    )
    return _attachment(response, name)
