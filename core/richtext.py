"""Rich text: the allow-list every rich text field is sanitized against."""

import html
import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django_ckeditor_5.fields import CKEditor5Field

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i",
    "blockquote", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


# An h1 would be a second main heading on the page: it is kept as an h2 (the officer is warned
# when saving) rather than stripped to loose text.
MAIN_HEADING = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def sanitize_html(value):
    """Return ``value`` with every tag, attribute and URL scheme outside the allow-list removed."""
    if not value:
        return ""
    cleaned = nh3.clean(
        MAIN_HEADING.sub(r"<\1h2", value),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return cleaned.strip()


def plain_text(value):
    """Rich text as the words a reader sees: tags removed, entities decoded, spaces folded."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


class RichTextField(CKEditor5Field):
    """A text field edited with CKEditor 5 and sanitized on every save.

    Sanitizing in ``pre_save`` covers the admin, the shell, fixtures loaded through
    ``save()`` and ``bulk_create``, so the database never holds markup outside the
    allow-list.
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def validate(self, value, model_instance):
        """A required rich text field with no words in it is empty, however much markup it holds.

        Clearing CKEditor leaves an empty paragraph (``<p>&nbsp;</p>``), which would otherwise
        pass as written text and publish a blank page.
        """
        if not self.blank and not plain_text(value):
            raise ValidationError(self.error_messages["blank"], code="blank")
        super().validate(value, model_instance)
