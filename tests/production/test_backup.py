"""Backup and restore as README "Backup and restore" documents it: every record, its history and the PDFs."""

import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.management import call_command

from notices.models import BestValueNotice, ImprovementArea
from statements.models import Statement

# The exact arguments README gives to `manage.py dumpdata`.
BACKUP_APPS = ["auth.user", "auth.group", "notices", "statements"]
CONTENT_MODELS = [
    BestValueNotice,
    BestValueNotice.history.model,
    ImprovementArea,
    ImprovementArea.history.model,
    Statement,
    Statement.history.model,
]
PDF = b"%PDF-1.4\n% the notice as issued\n%%EOF\n"


# Columns that point at a user: compared by username (demo records are published by "Demo content").
USER_COLUMNS = {"history_user_id", "published_by_id", "review_requested_by_id", "made_by_id"}


def snapshot():
    """Every row of every content and history table, with users by name (their ids may change)."""
    usernames = dict(User.objects.values_list("pk", "username"))
    tables = {}
    for model in CONTENT_MODELS:
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            for column in USER_COLUMNS & row.keys():
                row[column] = usernames.get(row[column])
        tables[model._meta.label] = rows
    tables["users"] = list(User.objects.order_by("username").values("username", "password", "is_staff", "email"))
    tables["groups"] = {
        user.username: sorted(user.groups.values_list("name", flat=True)) for user in User.objects.all()
    }
    return tables


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trips_demo_content_history_and_pdfs(tmp_path, settings):
    call_command("load_demo", verbosity=0)
    officer = User.objects.create_user("officer", password="a-long-test-password", is_staff=True)
    officer.groups.add(Group.objects.get(name="Publishers"))
    statement = Statement.objects.get(slug="statement-in-response-to-best-value-notice-update")
    statement.title = "Statement, as corrected"
    statement._history_user = officer
    statement.save()
    notice = BestValueNotice.objects.get(slug="revised-best-value-notice-january-2024")
    notice.document.save("revised-notice.pdf", ContentFile(PDF))
    before = snapshot()
    assert len(before["statements.HistoricalStatement"]) >= 2
    assert len(before["notices.HistoricalImprovementArea"]) >= 5
    assert "officer" in {row["history_user_id"] for row in before["statements.HistoricalStatement"]}

    # Back up: the data as XML (Django's JSON rounds times to the millisecond), the media folder as an archive.
    backup = tmp_path / "backup.xml"
    call_command("dumpdata", *BACKUP_APPS, format="xml", natural_foreign=True, natural_primary=True, output=str(backup))
    media_archive = shutil.make_archive(str(tmp_path / "media"), "gztar", root_dir=settings.MEDIA_ROOT)

    # Lose everything: an empty, migrated database and no media folder.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Statement.objects.exists()
    assert not Statement.history.exists()

    # Restore.
    call_command("loaddata", str(backup), verbosity=0)
    shutil.unpack_archive(media_archive, settings.MEDIA_ROOT)

    assert snapshot() == before
    restored = BestValueNotice.objects.get(slug="revised-best-value-notice-january-2024")
    with restored.document.open("rb") as handle:
        assert handle.read() == PDF
    assert User.objects.get(username="officer").check_password("a-long-test-password")
