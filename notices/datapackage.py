"""The notices CSV described as a Frictionless Data Package (Table Schema), so a data consumer
need not guess its types: https://specs.frictionlessdata.io/tabular-data-package/

The package describes the CSV export with the same filters. A filtered list can name, in
``supersedes`` and ``superseded_by``, notices that the filters leave out, so a filtered package
points those foreign keys at a second resource, the full list, where every published notice is.
"""

from django.conf import settings
from django.urls import reverse

from core.site import absolute_url
from notices.exports import FIELDS
from notices.models import NoticeStatus

OGL = {
    "name": "OGL-UK-3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "title": "Open Government Licence v3.0",
}
DATE = {"type": "date", "format": "%Y-%m-%d"}
# How the export writes each column (notices.exports), in its order.
SCHEMA_FIELDS = {
    "slug": {"type": "string", "title": "Identifier", "description": "The last part of the notice's web address."},
    "title": {"type": "string", "title": "Title", "description": "As printed on the notice."},
    "issued_by": {"type": "string", "title": "Issued by", "description": "The department, named as on the notice."},
    "recipient": {"type": "string", "title": "Issued to"},
    "issued_on": {**DATE, "title": "Issued on", "description": "The date on the notice."},
    "starts_on": {**DATE, "title": "In force from", "description": "The first day in force."},
    "ends_on": {
        **DATE,
        "title": "Due to end on",
        "description": "The last day in force, as set by the notice. Empty when the notice set no fixed end date.",
    },
    "in_force_until": {
        **DATE,
        "title": "In force until",
        "description": (
            "The last day in force: the end date, cut short by a replacement or a withdrawal. Empty for a "
            "notice with no fixed end date that is still in force: it runs until a revised notice replaces it."
        ),
    },
    "status": {
        "type": "string",
        "title": "Status today",
        "description": "Judged on the day the file was made (Europe/London).",
        "constraints": {"enum": list(NoticeStatus.values)},
    },
    "supersedes": {"type": "string", "title": "Replaces", "description": "The slug of the notice this one replaced."},
    "superseded_by": {
        "type": "string",
        "title": "Replaced by",
        "description": "The slug of the notice that replaced this one.",
    },
    "withdrawn_on": {**DATE, "title": "Withdrawn on", "description": "Empty unless the department lifted it early."},
    "improvement_areas": {
        "type": "integer",
        "title": "Areas for improvement",
        "description": "How many areas for improvement the notice lists.",
        "constraints": {"minimum": 0},
    },
    "url": {"type": "string", "format": "uri", "title": "Web page", "description": "The notice's page."},
}
# A notice with no fixed end date leaves ``ends_on`` empty, and ``in_force_until`` until something ends it.
REQUIRED = set(FIELDS) - {"supersedes", "superseded_by", "withdrawn_on", "ends_on", "in_force_until"}
RESOURCE = "best-value-notices"
ALL_NOTICES = "all-best-value-notices"


def schema(*, notices_resource):
    """The Table Schema of the CSV; ``notices_resource`` holds the notices the slugs refer to ("" for itself)."""
    fields = []
    for name in FIELDS:
        field = {"name": name, **SCHEMA_FIELDS[name]}
        constraints = dict(field.pop("constraints", {}))
        if name in REQUIRED:
            constraints["required"] = True
        if name == "slug":
            constraints["unique"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {
        "fields": fields,
        "missingValues": [""],
        "primaryKey": ["slug"],
        "foreignKeys": [
            {"fields": [name], "reference": {"resource": notices_resource, "fields": ["slug"]}}
            for name in ("supersedes", "superseded_by")
        ],
    }


def resource(name, path, *, title, notices_resource):
    return {
        "name": name,
        "title": title,
        "profile": "tabular-data-resource",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema(notices_resource=notices_resource),
    }


def data_package(*, query_string="", description=""):
    """The package for the CSV with the filters of ``query_string`` (described in words by ``description``)."""
    csv_path = absolute_url(reverse("notices:export-csv"))
    title = f"Best Value Notices issued to the {settings.AUTHORITY_NAME}"
    resources = [
        resource(
            RESOURCE,
            f"{csv_path}?{query_string}" if query_string else csv_path,
            title=f"Best Value Notices {description}" if description else "Best Value Notices",
            notices_resource=ALL_NOTICES if query_string else "",
        )
    ]
    if query_string:
        resources.append(resource(ALL_NOTICES, csv_path, title="All Best Value Notices", notices_resource=""))
    return {
        "profile": "tabular-data-package",
        "name": "best-value-notices",
        "title": title,
        "description": (
            "The Best Value Notices the government issued to the authority, one notice a row: when each "
            "was issued and in force, its status today, which notice it replaced and how many areas for "
            "improvement it lists. Made afresh from the public record on each download."
        ),
        "homepage": absolute_url(reverse("notices:list")),
        "licenses": [OGL],
        "contributors": [{"title": settings.AUTHORITY_NAME, "role": "publisher", "path": absolute_url("/")}],
        "keywords": ["best value notice", "governance", "transparency", "local government"],
        "resources": resources,
    }
