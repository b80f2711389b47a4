"""Upload validation shared by every path that saves a file (admin, shell, imports)."""

import contextlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_MAGIC = b"%PDF-"


def pdf_page_count(file):
    """The number of pages of a readable PDF, or None when it cannot be read."""
    try:
        file.seek(0)
        count = len(PdfReader(file).pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return None
    finally:
        with contextlib.suppress(OSError, ValueError):
            file.seek(0)
    return count


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
                params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
            )
        file.seek(0)
        head = file.read(1024)
        file.seek(0)
        if not head.lstrip().startswith(PDF_MAGIC):
            raise ValidationError(
                "This file is not a PDF, whatever its name says. Upload the notice as a PDF document.",
                code="not_a_pdf",
            )
        if pdf_page_count(file) is None:
            raise ValidationError(
                "This PDF cannot be read: it may be damaged or incomplete. Save it again and upload the new copy.",
                code="unreadable_pdf",
            )

    def __eq__(self, other):
        return isinstance(other, PdfValidator) and other.max_bytes_setting == self.max_bytes_setting


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
