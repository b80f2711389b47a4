"""Best Value Notices as data: one module for the public CSV/JSON exports and the admin action.

Every export starts from ``export_queryset()``, which adds what the rows need in a fixed
number of queries (status today, both ends of the chain, the area count, and for JSON the
areas themselves).
"""

import csv
import json

from django.http import HttpResponse

from core.dates import local_today

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


def export_queryset(queryset, *, with_areas=False):
    """``queryset`` (of notices) with everything an export row needs, newest issued first.

    A list is notices already rebuilt as they read on a day (``notices.history``), used as it is.
    """
    if isinstance(queryset, list):
        return queryset
    queryset = queryset.for_listing()
    # JSON lists the areas themselves (in their Meta ordering); CSV gives their number.
    return queryset.prefetch_related("improvement_areas") if with_areas else queryset.with_area_count()


def _iso(day):
    return day.isoformat() if day else None


def notice_record(notice, *, request, with_areas=False):
    """One notice as a dict of the export fields; ``improvement_areas`` is a count unless ``with_areas``."""
    predecessor = notice.published_predecessor
    successor = notice.published_successor
    if with_areas:
        areas = [
            {"position": area.position, "title": area.title, "progress": area.progress}
            for area in notice.improvement_areas.all()
        ]
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
        "url": request.build_absolute_uri(notice.get_absolute_url()),
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


def csv_response(queryset, *, request, name):
    """The notices as a UTF-8 CSV attachment (one header row, one notice per row)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow(FIELDS)
    for notice in export_queryset(queryset):
        record = notice_record(notice, request=request)
        writer.writerow([neutralise(record[field]) for field in FIELDS])
    return _attachment(response, name)


def json_response(queryset, *, request, name, filters):
    """``{"count": N, "filters": {...}, "results": [...]}`` as a UTF-8 JSON attachment."""
    results = [
        notice_record(notice, request=request, with_areas=True) for notice in export_queryset(queryset, with_areas=True)
    ]
    body = json.dumps({"count": len(results), "filters": filters, "results": results}, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return _attachment(response, name)
