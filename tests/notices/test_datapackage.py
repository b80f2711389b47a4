"""The Data Package describing the notices CSV, checked with ``frictionless validate`` on the live CSV."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from notices.models import NoticeStatus
from tests.factories import make_notice

pytestmark = pytest.mark.django_db
PACKAGE_URL = "/governance/transparency/best-value-notices/datapackage.json"
D = datetime.date
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def write_package(client, tmp_path, query=""):
    """The package and every CSV it names, fetched from the site, with each path pointing at its copy."""
    package = client.get(f"{PACKAGE_URL}?{query}" if query else PACKAGE_URL).json()
    for index, resource in enumerate(package["resources"]):
        path = resource["path"].removeprefix(settings.SITE_URL)
        response = client.get(path)
        assert response.status_code == 200, path
        name = f"notices-{index}.csv"
        (tmp_path / name).write_bytes(response.getvalue())
        resource["path"] = name
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    return package


def frictionless_validate(tmp_path):
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    errors = [error["message"] for task in report["tasks"] for error in task["errors"]] + [
        error["message"] for error in report.get("errors", [])
    ]
    return report["valid"], errors


@pytest.mark.parametrize(
    "query", ["", "status=superseded", "issued_from=2024-01-01", "in_force_on=2023-06-01&issued_to=2023-12-31"]
)
def test_frictionless_validates_the_package_against_the_live_csv(client, demo, tmp_path, query):
    """No error, with the demo data and with filters that leave out the notices the rows refer to."""
    write_package(client, tmp_path, query)
    valid, errors = frictionless_validate(tmp_path)
    assert valid, errors


def test_frictionless_catches_a_csv_that_breaks_the_schema(client, demo, tmp_path):
    """The check can fail: a status outside the list and a dangling ``supersedes`` are errors."""
    write_package(client, tmp_path)
    csv_file = tmp_path / "notices-0.csv"
    text = csv_file.read_text()
    csv_file.write_text(
        text.replace(",expired,", ",finished,").replace(",best-value-notice-january-2023,", ",nowhere,")
    )
    valid, errors = frictionless_validate(tmp_path)
    assert not valid
    assert any("finished" in error for error in errors)
    assert any("nowhere" in error or "foreign" in error.lower() for error in errors)


def test_the_package_describes_the_csv_types_keys_licence_and_publisher(client, demo):
    """Types and date formats, the status values, ``slug`` as primary key, the chain as foreign keys."""
    package = client.get(PACKAGE_URL).json()
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert package["contributors"] == [
        {"title": settings.AUTHORITY_NAME, "role": "publisher", "path": settings.SITE_URL + "/"}
    ]
    (resource,) = package["resources"]
    assert resource["path"] == settings.SITE_URL + "/governance/transparency/best-value-notices.csv"
    schema = resource["schema"]
    fields = {field["name"]: field for field in schema["fields"]}
    assert list(fields)[:3] == ["slug", "title", "issued_by"]
    assert fields["issued_on"]["type"] == "date" and fields["issued_on"]["format"] == "%Y-%m-%d"
    assert fields["improvement_areas"]["type"] == "integer"
    assert fields["status"]["constraints"]["enum"] == list(NoticeStatus.values)
    assert schema["primaryKey"] == ["slug"]
    assert [key["fields"] for key in schema["foreignKeys"]] == [["supersedes"], ["superseded_by"]]
    assert all(key["reference"] == {"resource": "", "fields": ["slug"]} for key in schema["foreignKeys"])


def test_a_filtered_package_points_the_chain_at_the_full_list(client, demo):
    """A filtered CSV can name notices it leaves out, so its foreign keys refer to the full list."""
    package = client.get(PACKAGE_URL, {"status": "expired"}).json()
    filtered, full = package["resources"]
    assert filtered["path"].endswith("best-value-notices.csv?status=expired")
    assert full["path"].endswith("best-value-notices.csv")
    assert filtered["schema"]["foreignKeys"][0]["reference"]["resource"] == full["name"]


def test_the_package_refuses_bad_filters_with_a_json_400(client):
    """A bad filter is answered as the exports answer it."""
    response = client.get(PACKAGE_URL, {"status": "finished"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_the_notices_list_links_to_the_package_next_to_the_downloads(client, demo):
    """With the list's filters, beside the CSV (also for Excel) and JSON links."""
    html = client.get("/governance/transparency/best-value-notices/", {"status": "expired"}).content.decode()
    downloads = html[html.index("<h2>Download</h2>") :]
    assert f'href="{PACKAGE_URL}?status=expired"' in downloads
    assert "best-value-notices.csv?status=expired&amp;bom=1" in downloads


def test_frictionless_accepts_a_notice_still_in_force_with_no_fixed_end_date(client, tmp_path):
    """Empty ``ends_on`` and ``in_force_until`` are allowed: the notice set no end and nothing has ended it."""
    make_notice(issued_on=D(2023, 1, 24), no_fixed_end=True)
    write_package(client, tmp_path)
    rows = (tmp_path / "notices-0.csv").read_text().splitlines()
    assert ",2023-01-24,,,in_force," in rows[1]
    valid, errors = frictionless_validate(tmp_path)
    assert valid, errors
