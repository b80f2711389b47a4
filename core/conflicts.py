"""Two officers, one record: what the second one needs to see when the first saved before them.

Every editorial record carries a ``version`` that each save increases. A form remembers the
version it was opened at; a save from a form that someone else's save has overtaken is never
applied silently. Instead the officer gets a ``Conflict``: who saved since, what changed, what
they themselves changed, with everything they typed kept so they can apply it on top.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property

from core.history import compare_versions
from core.richtext import RichTextField, sanitize_html


class Reason:
    CHANGED = "changed"  # saved by someone else: the officer may apply their changes on top
    LOCKED = "locked"  # published (or otherwise taken out of their hands) while they typed
    DELETED = "deleted"


@dataclass
class YourChange:
    label: str
    name: str
    yours: str
    now: str
    also_changed_by_them: bool


@dataclass
class Conflict:
    model: type
    pk: object
    opened_version: int | None
    current: object = None  # None when the record was deleted
    reason: str = Reason.CHANGED
    yours: list = field(default_factory=list)

    def versions(self):
        return self.model.history.filter(**{self.model._meta.pk.attname: self.pk}).select_related("history_user")

    @cached_property
    def saves_since(self):
        """The saves (and a deletion) made since the officer opened the form, newest first."""
        versions = self.versions().order_by("-history_date")
        if self.opened_version is not None:
            opened = self.opened_record
            if opened is not None:
                versions = versions.filter(history_date__gt=opened.history_date)
        return list(versions[:50])

    @cached_property
    def opened_record(self):
        """The version the officer opened, from history (None if unknown)."""
        if self.opened_version is None:
            return None
        return self.versions().filter(version=self.opened_version).order_by("-history_date").first()

    @cached_property
    def changes_since(self):
        """Field by field, what the others changed between the opened version and now."""
        opened = self.opened_record
        latest = self.versions().exclude(history_type="-").order_by("-history_date").first()
        if opened is None or latest is None or opened.pk == latest.pk:
            return []
        return compare_versions(self.model, opened, latest)

    @property
    def can_apply(self):
        return self.reason == Reason.CHANGED


def _normal(value):
    return " ".join(str(value or "").split())


def changed_fields(form, base):
    """Names of the model fields whose posted value differs from ``base`` (a record of the model).

    Rich text is compared as sanitized HTML, since the editor may write the same text with
    different markup, and a field the officer did not touch must never count as theirs.
    """
    model_fields = {f.name: f for f in form._meta.model._meta.concrete_fields}
    against = type(form)(data=form.data, files=form.files, instance=base, prefix=form.prefix)
    names = []
    for name in against.changed_data:
        model_field = model_fields.get(name)
        if model_field is None:
            continue
        posted = form.data.get(form.add_prefix(name))
        if isinstance(model_field, RichTextField) and _normal(sanitize_html(posted)) == _normal(getattr(base, name)):
            continue
        names.append(name)
    return names


def shown(value):
    """A stored or typed value as the officer would read it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def describe_yours(form, names, current, others_changed):
    """The officer's changes, each with the value now stored beside it."""
    cleaned = getattr(form, "cleaned_data", {})
    model_meta = form._meta.model._meta
    changes = []
    for name in names:
        verbose = str(model_meta.get_field(name).verbose_name)
        typed = cleaned[name] if name in cleaned else form[name].data
        if isinstance(typed, (list, tuple)):
            typed = " ".join(str(part) for part in typed if part)
        changes.append(
            YourChange(
                label=verbose.capitalize(),
                name=name,
                yours=shown(typed),
                now=shown(getattr(current, name, None)) if current is not None else "",
                also_changed_by_them=verbose.lower() in others_changed,
            )
        )
    return changes


def posted_items(data, *, drop=("csrfmiddlewaretoken",)):
    """Every posted key and value, for hidden inputs that carry the officer's text to the next step."""
    return [(key, value) for key, values in data.lists() if key not in drop for value in values]
