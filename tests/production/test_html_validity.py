"""Every public page type is valid HTML: the W3C Nu HTML Checker (npm ``vnu-jar``, pinned in
package.json, run with the machine's Java) finds zero errors.

Without Java or the checker (``npm ci`` installs it) the test is skipped with the reason shown;
with ``REQUIRE_BROWSER=1`` (CI sets it, for every tool the public pages are checked with) it fails.
"""

import datetime
import json
import os
import shutil
import subprocess

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from notices.models import BestValueNotice, NoticeChangeNote
from statements.models import Statement, StatementChangeNote
from tests.factories import make_notice
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db
VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
T = "/governance/transparency"
REVISED = f"{T}/best-value-notices/revised-best-value-notice-january-2024/"
# A moment with microseconds, as any save through the admin has.
ADMIN_MOMENT = datetime.datetime(2024, 3, 1, 10, 15, 30, 123456, tzinfo=datetime.UTC)


def _require_checker():
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return java
    reason = f"The Nu HTML Checker needs java on the PATH and {VNU_JAR} (npm ci)."
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} REQUIRE_BROWSER=1 makes this a failure.", pytrace=False)
    pytest.skip(reason)


def nu_errors(java, documents, tmp_path):
    """The checker's errors in each document ({name: html}), as "name:line: message"."""
    for name, html in documents.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *sorted(map(str, tmp_path.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


@pytest.fixture
def published_through_the_admin(admin_client):
    """A notice published, and then changed with a change note, through the admin at a moment with microseconds."""
    draft = make_notice(slug="published-in-the-admin", issued_on=datetime.date(2024, 2, 1), is_published=False)
    url = admin_url(draft, "change")
    with time_machine.travel(ADMIN_MOMENT, tick=False):
        response = admin_client.post(
            url, form_data(admin_client.get(url), "bestvaluenotice_form", _publish="Publish now")
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = BestValueNotice.objects.get(pk=draft.pk)
    assert notice.first_published_at.microsecond == ADMIN_MOMENT.microsecond
    return notice


def test_every_public_page_type_is_valid_html(client, tmp_path, published_through_the_admin):
    """Zero errors from the Nu HTML Checker, 400 and 404 pages included."""
    java = _require_checker()
    call_command("load_demo", verbosity=0)
    revised = BestValueNotice.objects.get(slug="revised-best-value-notice-january-2024")
    statement = Statement.objects.get(slug="statement-in-response-to-best-value-notice-update")
    with time_machine.travel(ADMIN_MOMENT + datetime.timedelta(days=1), tick=False):
        NoticeChangeNote.objects.create(notice=revised, note="Added the progress reported in February.")
        StatementChangeNote.objects.create(statement=statement, note="Corrected the date of the letter.")
    assert timezone.now() > ADMIN_MOMENT
    pages = {
        "home": ("/", 200),
        "governance": ("/governance/", 200),
        "transparency": (f"{T}/", 200),
        "transparency-on-a-day": (f"{T}/?on=2024-03-01", 200),
        "transparency-bad-day": (f"{T}/?on=2024-02-30", 400),
        "statements": (f"{T}/statements/", 200),
        "statement-with-updates": (statement.get_absolute_url(), 200),
        "notices": (f"{T}/best-value-notices/", 200),
        "notices-filtered": (f"{T}/best-value-notices/?status=expired&issued_from=2023-01-01", 200),
        "notices-bad-filter": (f"{T}/best-value-notices/?issued_from=2024-13-01&status=finished", 400),
        "notice-revised-with-updates": (REVISED, 200),
        "notice-replaced": (f"{T}/best-value-notices/best-value-notice-january-2023/", 200),
        "notice-published-in-the-admin": (published_through_the_admin.get_absolute_url(), 200),
        "accessibility": ("/accessibility/", 200),
        "search-results": ("/search/?q=improvement", 200),
        "search-no-results": ("/search/?q=zzzzqqq", 200),
        "search-too-long": ("/search/?q=" + "x" * 300, 400),
        "not-found": (f"{T}/best-value-notices/no-such-notice/", 404),
    }
    documents = {}
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        documents[name] = response.content.decode()
    assert "." not in documents["notice-published-in-the-admin"].split('<time datetime="')[1].split('"')[0]
    errors = nu_errors(java, documents, tmp_path)
    assert not errors, "\n".join(errors)


def test_the_checker_reports_invalid_markup(tmp_path):
    """The check can fail: a datetime with microseconds and a duplicate id are errors."""
    java = _require_checker()
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
        '<p id="a"><time datetime="2024-03-01T10:15:30.123456+00:00">1 March</time></p><p id="a"></p></body></html>'
    )
    errors = nu_errors(java, {"bad": page}, tmp_path)
    assert len(errors) >= 2, errors
