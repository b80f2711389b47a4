"""Readable comparison of two saved versions of a record (rich text compared as text)."""

import datetime
import difflib
import html
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from core.richtext import RichTextField
from core.worddiff import diff_html, diff_text

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|caption)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
# Bookkeeping fields that every save changes or that the history already shows.
SKIPPED_FIELDS = {"id", "created_at", "updated_at", "document_pages", "search_vector"}


def html_to_text(value):
    """Rich text as plain lines: one line per paragraph, heading, list item or row."""
    text = BLOCK_END.sub("\n", value or "")
    text = html.unescape(TAG.sub("", text))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@dataclass
class FieldDiff:
    label: str
    lines: list = field(default_factory=list)  # (kind, text): kind is "same", "removed" or "added"
    # The change word by word (safe HTML with <del>/<ins>); rich text keeps its structure.
    words: str = ""


def _display(record, model_field):
    value = getattr(record, model_field.attname)
    if model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation and value is not None:
        try:
            value = str(getattr(record, model_field.name))
        except Exception:  # the related record may since have been deleted  # noqa: BLE001
            value = f"#{value}"
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    elif isinstance(value, datetime.datetime):
        value = date_format(timezone.localtime(value), "j F Y, H:i:s")
    elif isinstance(value, datetime.date):
        value = date_format(value, "j F Y")
    return "" if value is None else str(value)


def compare_versions(model, older, newer):
    """Differences between two historical records of ``model``, field by field, in form order."""
    diffs = []
    for model_field in model._meta.concrete_fields:
        if model_field.name in SKIPPED_FIELDS:
            continue
        if isinstance(model_field, RichTextField):
            old_html, new_html = getattr(older, model_field.attname), getattr(newer, model_field.attname)
            before, after = html_to_text(old_html), html_to_text(new_html)
            words = diff_html(old_html, new_html)
        else:
            before = _display(older, model_field).splitlines()
            after = _display(newer, model_field).splitlines()
            words = diff_text(_display(older, model_field), _display(newer, model_field))
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            code, text = line[:2], line[2:]
            if code == "  ":
                lines.append(("same", text))
            elif code == "- ":
                lines.append(("removed", text))
            elif code == "+ ":
                lines.append(("added", text))
        diffs.append(FieldDiff(str(model_field.verbose_name).capitalize(), lines, words))
    return diffs
