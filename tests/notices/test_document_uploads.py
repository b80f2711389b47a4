"""Notice PDFs uploaded through the admin: the files office software makes are accepted, the rest refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains

from core import pdfreader
from tests import hostile_pdfs
from tests.factories import make_notice
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db


def change_url(notice):
    return admin_url(notice, "change")


def upload(client, notice, content, name="notice.pdf"):
    data = form_data(client.get(change_url(notice)), "bestvaluenotice_form")
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(change_url(notice), {**data, "document": file})


def test_an_aes_encrypted_pdf_is_saved_with_its_page_count(client, publisher, monkeypatch):
    """The AES-256 PDF that used to answer 500 is saved, counted, and read once for the whole upload."""
    readings = []
    real_read_pdf = pdfreader.read_pdf
    monkeypatch.setattr(pdfreader, "read_pdf", lambda data, **kw: readings.append(data) or real_read_pdf(data, **kw))
    notice = make_notice(is_published=False)
    response = upload(client, notice, hostile_pdfs.aes_pdf_without_password(pages=2))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.document_pages == 2
    assert len(readings) == 1


def test_a_pdf_with_an_unknown_encryption_scheme_gets_a_form_error(client, publisher):
    """The admin shows the refusal on the form (status 200), nothing is saved."""
    notice = make_notice(is_published=False)
    response = upload(client, notice, hostile_pdfs.unknown_encryption_pdf())
    assertContains(response, "kind of encryption the site cannot read")
    notice.refresh_from_db()
    assert not notice.document
