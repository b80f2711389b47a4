"""Upload validation shared by every path that saves a file (admin, shell, imports)."""

import contextlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible

from core import pdfreader

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"

PROBLEM_MESSAGES = {
    pdfreader.PASSWORD: "This PDF opens only with a password. Save a copy without a password and upload that.",
    pdfreader.UNSUPPORTED_ENCRYPTION: (
        "This PDF is protected with a kind of encryption the site cannot read. Save a copy without "
        "protection (or print it to a new PDF) and upload that."
    ),
    pdfreader.UNREADABLE: "This PDF cannot be read: it may be damaged or incomplete. Save it again and upload the new copy.",
    pdfreader.TOO_SLOW: (
        "This PDF took too long to read: it may be damaged or built in an unusual way. Save it again "
        "(or print it to a new PDF) and upload the new copy."
    ),
}


def read_upload(file):
    """Read an uploaded PDF once: the validator and the page count share the answer, kept on the file."""
    reading = getattr(file, "_pdf_reading", None)
    if reading is None:
        try:
            file.seek(0)
            data = file.read()
        finally:
            with contextlib.suppress(OSError, ValueError):
                file.seek(0)
        reading = pdfreader.read_pdf(data, timeout=settings.PDF_READ_TIMEOUT_SECONDS)
        if reading.problem:
            # One line per refused file; pypdf's own warnings stay in the reader's process.
            logger.warning("Refused an uploaded PDF (%s): %s.", getattr(file, "name", "unnamed"), reading.problem)
        with contextlib.suppress(AttributeError):
            file._pdf_reading = reading
    return reading


def pdf_page_count(file):
    """The number of pages of a readable PDF, or None when it cannot be read."""
    return read_upload(file).pages


@deconstructible
class PdfValidator:
    """Accept only a real PDF (checked by its content, not its name) no larger than the setting named
    ``max_bytes_setting``, read on each upload so a changed setting applies at once."""

    def __init__(self, max_bytes_setting):
        self.max_bytes_setting = max_bytes_setting

    def __call__(self, file):
        if getattr(file, "_committed", False):
            return  # Already stored: it was checked when it was uploaded.
        size = getattr(file, "size", None)
        limit = getattr(settings, self.max_bytes_setting)
        if size is not None and size > limit:
            raise ValidationError(
                "The file is %(size)s; the largest PDF the site accepts is %(limit)s. "
                "Reduce its size (for example, save it again with smaller images) and upload it again.",
                code="pdf_too_large",
                params={"size": exact_size(size, limit), "limit": exact_size(limit, size)},
            )
        file.seek(0)
        head = file.read(1024)
        file.seek(0)
        if not head.lstrip().startswith(PDF_MAGIC):
            raise ValidationError(
                "This file is not a PDF, whatever its name says. Upload the notice as a PDF document.",
                code="not_a_pdf",
            )
        reading = read_upload(file)
        if reading.problem:
            raise ValidationError(PROBLEM_MESSAGES[reading.problem], code=f"{reading.problem}_pdf")

    def __eq__(self, other):
        return isinstance(other, PdfValidator) and other.max_bytes_setting == self.max_bytes_setting


def exact_size(size, other):
    """``size`` as people read it, precise enough to differ from ``other``: a file a few bytes over
    a 20 MB limit is "20,000,001 bytes", never "20.0 MB" against "20.0 MB"."""
    if filesizeformat(size) != filesizeformat(other):
        return filesizeformat(size)
    return f"{size:,} bytes"


@deconstructible
class CharacterLimitValidator(MaxLengthValidator):
    """A length limit that says by how much the text is over, so the officer knows what to cut.

    Forms use it instead of the browser's ``maxlength``, which silently drops what is typed
    past the limit; the text stays in the field with this message beside it.
    """

    message = "Use %(limit_value)d characters or fewer: this has %(show_value)d, which is %(over)d too many."

    def __call__(self, value):
        length = len(value)
        if length > self.limit_value:
            params = {"limit_value": self.limit_value, "show_value": length, "over": length - self.limit_value}
            raise ValidationError(self.message, code=self.code, params={**params, "value": value})
