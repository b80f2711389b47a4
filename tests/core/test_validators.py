"""Uploaded PDFs: every file, however hostile, is answered within a time bound with a clear message."""

import logging
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import pdfreader
from core.validators import PdfValidator, pdf_page_count
from tests import hostile_pdfs

validate = PdfValidator("NOTICE_DOCUMENT_MAX_BYTES")


@pytest.fixture
def quick_timeout(settings):
    """A short time limit, so the slow files are stopped quickly."""
    settings.PDF_READ_TIMEOUT_SECONDS = 3
    return settings.PDF_READ_TIMEOUT_SECONDS


def refusal(content, name="notice.pdf"):
    with pytest.raises(ValidationError) as raised:
        validate(SimpleUploadedFile(name, content))
    return raised.value.error_list[0]


def test_an_aes_pdf_that_opens_without_a_password_is_accepted_and_its_pages_counted():
    """AES-256 with only editing restricted, as office software saves it, reads like any PDF."""
    upload = SimpleUploadedFile("notice.pdf", hostile_pdfs.aes_pdf_without_password(pages=2))
    validate(upload)
    assert pdf_page_count(upload) == 2


def test_a_pdf_that_needs_a_password_is_refused_with_a_message_saying_so():
    """A PDF that opens only with a password is refused, and the officer is told to remove it."""
    error = refusal(hostile_pdfs.aes_pdf_with_password())
    assert error.code == "password_pdf"
    assert "opens only with a password" in error.message


def test_a_pdf_with_an_unknown_encryption_scheme_is_refused_not_a_server_error():
    """An encryption scheme the PDF library does not implement is a form error."""
    error = refusal(hostile_pdfs.unknown_encryption_pdf())
    assert error.code == "unsupported_encryption_pdf"
    assert "kind of encryption the site cannot read" in error.message


@pytest.mark.parametrize(
    "build", [hostile_pdfs.deep_page_tree_pdf, hostile_pdfs.decompression_bomb_pdf], ids=["deep-tree", "bomb"]
)
def test_a_pdf_built_to_exhaust_the_reader_is_refused_as_unreadable(build):
    """A page tree thousands of levels deep and a stream that inflates past the library's limit are refused."""
    error = refusal(build())
    assert error.code == "unreadable_pdf"
    assert "This PDF cannot be read" in error.message


def test_a_pdf_of_deeply_nested_objects_is_answered_within_the_time_limit(quick_timeout):
    """50,000 nested dictionaries (seconds of parsing, more on a busy server) never hold the upload past the limit."""
    started = time.monotonic()
    try:
        validate(SimpleUploadedFile("notice.pdf", hostile_pdfs.nested_object_pdf()))
    except ValidationError as error:
        assert error.error_list[0].code in {"too_slow_pdf", "unreadable_pdf"}
    assert time.monotonic() - started < quick_timeout + 2


def test_a_pdf_that_would_take_a_minute_to_read_is_refused_within_the_time_limit(quick_timeout):
    """A damaged cross-reference table that pypdf repairs object by object is stopped at the time limit."""
    content = hostile_pdfs.damaged_xref_pdf()
    started = time.monotonic()
    error = refusal(content)
    elapsed = time.monotonic() - started
    assert error.code == "too_slow_pdf"
    assert "took too long to read" in error.message
    assert elapsed < quick_timeout + 2


def test_a_hostile_pdf_writes_at_most_one_log_line(caplog, quick_timeout):
    """The file that makes the PDF library log 20,000 repair warnings leaves one line in the log."""
    with caplog.at_level(logging.DEBUG):
        refusal(hostile_pdfs.damaged_xref_pdf(), name="hostile.pdf")
    assert [record.name for record in caplog.records] == ["core.validators"]
    assert "hostile.pdf" in caplog.records[0].getMessage()


def test_each_upload_is_read_once_by_the_validator_and_the_page_count(monkeypatch):
    """Validating a file and counting its pages share one reading."""
    calls = []
    real_read_pdf = pdfreader.read_pdf

    def counting_read_pdf(data, **kwargs):
        calls.append(len(data))
        return real_read_pdf(data, **kwargs)

    monkeypatch.setattr(pdfreader, "read_pdf", counting_read_pdf)
    upload = SimpleUploadedFile("notice.pdf", hostile_pdfs.blank_pdf(pages=3))
    validate(upload)
    assert pdf_page_count(upload) == 3
    assert len(calls) == 1


def test_the_size_message_tells_a_file_just_over_the_limit_from_the_limit(settings):
    """A file a few bytes over 20 MB is described in bytes, so the two sizes never read the same."""
    settings.NOTICE_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b" " * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as raised:
        validate(upload)
    message = raised.value.messages[0]
    assert "The file is 20,971,529 bytes; the largest PDF the site accepts is 20,971,520 bytes." in message


def test_the_size_message_uses_megabytes_when_they_differ(settings):
    """A file clearly over the limit is described in the usual units."""
    settings.NOTICE_DOCUMENT_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b" " * (3 * 1024 * 1024))
    with pytest.raises(ValidationError) as raised:
        validate(upload)
    assert "The file is 3.0\xa0MB; the largest PDF the site accepts is 1.0\xa0MB." in raised.value.messages[0]


def test_the_pdf_library_logs_only_errors():
    """LOGGING quietens the PDF library's warnings wherever it runs in the site's own process."""
    assert logging.getLogger("pypdf._reader").getEffectiveLevel() == logging.ERROR
