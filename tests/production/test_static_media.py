"""Static files: hashed, compressed, cached for a year. Notice PDFs: sent as PDFs, published ones only."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client

from tests.factories import make_notice

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_collectstatic_writes_hashed_and_compressed_files(collected_static):
    assert (collected_static / "staticfiles.json").exists()
    hashed = [
        path.name
        for path in (collected_static / "css").iterdir()
        if re.fullmatch(r"site\.[0-9a-f]{12}\.css", path.name)
    ]
    assert hashed
    assert (collected_static / "css" / f"{hashed[0]}.gz").exists()


@pytest.mark.django_db
def test_hashed_static_files_are_cached_for_a_year(collected_static, settings):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    client = Client()
    home = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
    response = client.get(stylesheet, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 31536000
    response.close()


@pytest.fixture
def notice_with_pdf(db):
    notice = make_notice(title="Notice with a PDF")
    notice.document.save("best-value-notice.pdf", ContentFile(PDF))
    return notice


def test_published_notice_pdf_is_served_as_a_pdf(client, notice_with_pdf):
    response = client.get(notice_with_pdf.document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="best-value-notice.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_draft_notice_pdf_is_hidden_from_the_public_but_not_from_editors(client, notice_with_pdf):
    notice_with_pdf.is_published = False
    notice_with_pdf.save()
    assert client.get(notice_with_pdf.document.url).status_code == 404
    User.objects.create_superuser("editor", password="a-long-test-password")
    client.login(username="editor", password="a-long-test-password")
    response = client.get(notice_with_pdf.document.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store", "a shared cache must never keep a draft's PDF"
    response.close()


def test_files_no_notice_refers_to_are_not_served(client, notice_with_pdf, settings):
    (settings.MEDIA_ROOT / "notices" / "stray.html").write_text("<script>alert(1)</script>")
    assert client.get("/media/notices/stray.html").status_code == 404
    assert client.get("/media/../cpca_portal/settings.py").status_code == 404
    assert client.get("/media/%2e%2e/manage.py").status_code == 404


def test_auditors_can_open_a_draft_notices_pdf(client, notice_with_pdf, auditor):
    """Auditors view every notice in the admin, drafts included, and so their documents."""
    notice_with_pdf.is_published = False
    notice_with_pdf.save()
    response = client.get(notice_with_pdf.document.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    response.close()


def test_staff_without_a_role_cannot_open_a_draft_notices_pdf(client, notice_with_pdf):
    """A staff account in no group may not view notices, so a draft's document stays hidden."""
    notice_with_pdf.is_published = False
    notice_with_pdf.save()
    client.force_login(User.objects.create_user("visitor", password="a-long-test-password", is_staff=True))
    assert client.get(notice_with_pdf.document.url).status_code == 404
