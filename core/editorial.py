"""What statements and notices share as published records: review, publication and change notes.

``EditorialModel`` adds the review and publication fields and the rule that changing a record
the public can already see is either a *major* change (with a public change note) or a *minor*
one (a typo fix, no note). Changing any date, the link to the notice replaced, or (for notices)
an improvement area's wording is always major. ``ChangeNote`` is the public note itself.

Who may publish is decided in ``core.publishing``; this module only holds the data rules.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, get_text_list

from core.records import url_on

# django-simple-history's ``history_change_reason`` column is a varchar(100).
HISTORY_REASON_LENGTH = 100


class ChangeKind(models.TextChoices):
    MAJOR = "major", "Major change: the public is told what changed (write a change note)"
    MINOR = "minor", "Minor change: a typo or formatting fix, no change note"


def _comparable(value):
    """Times to the second, as the admin shows and submits them."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0)
    return value


# The workflow's own columns: when a record was saved, the review it awaits, who published it and its
# edit counter. Officers see them in the admin; no public page shows them.
OFFICER_ONLY_FIELDS = (
    "created_at", "updated_at", "ready_for_review", "review_requested_by", "published_by", "version",
    "published_without_review",
)  # fmt: skip


class EditorialQuerySet(models.QuerySet):
    """The review queue, shared by every editorial model's QuerySet."""

    def without_sql_only_fields(self):
        """Without the columns only SQL uses (the model's ``SQL_ONLY_FIELDS``): for every public
        page, feed and export, which never read them."""
        return self.defer(*self.model.SQL_ONLY_FIELDS)

    def for_public_page(self):
        """Without the columns only officers see or only SQL uses, so a public page reads only what it shows."""
        return self.without_sql_only_fields().defer(*OFFICER_ONLY_FIELDS)

    def drafts(self):
        """Records nobody has published yet (or that were taken back to draft)."""
        return self.filter(is_published=False)

    def marked_published(self):
        """Records a Publisher has published, whether the public sees them yet or not (scheduled)."""
        return self.filter(is_published=True)

    def awaiting_review(self):
        """Drafts an Editor has sent for review."""
        return self.drafts().filter(ready_for_review=True)

    def with_review_requested_at(self):
        """Annotate ``review_requested_at``: when the draft was last sent for review, from its history.

        The earliest saved version marked ready for review that no later version unmarked, so a
        draft sent back and sent again counts from the second sending; None without a history.
        """
        history = self.model.history.model
        unmarked_later = history.objects.filter(
            id=models.OuterRef("id"), ready_for_review=False, history_date__gt=models.OuterRef("history_date")
        )
        sent = (
            history.objects.filter(id=models.OuterRef("pk"), ready_for_review=True)
            .exclude(models.Exists(unmarked_later))
            .order_by("history_date")
            .values("history_date")[:1]
        )
        return self.annotate(review_requested_at=models.Subquery(sent))

    def published_without_review(self):
        """Public records a Publisher published without anyone else reviewing them."""
        return self.marked_published().filter(published_without_review=True)


class EditorialModel(models.Model):
    """Abstract base: publication, review before publish, who published, and the change-note rule."""

    is_published = models.BooleanField(
        "published",
        default=False,
        db_index=True,
        help_text="Drafts are not shown to the public. Only Publishers can publish or unpublish.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ready_for_review = models.BooleanField(
        "ready for review",
        default=False,
        help_text="Tick when the draft is finished and a Publisher should check and publish it.",
    )
    review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="review requested by",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="published by",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_published_at = models.DateTimeField("first published", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        "version",
        default=0,
        editable=False,
        help_text="Counts the saves of this record. A form remembers the version it was opened at, so a "
        "save made from a form someone else's save has overtaken is never applied silently.",
    )
    published_without_review = models.BooleanField(
        "published without review",
        default=False,
        editable=False,
        help_text="Set when a Publisher published a draft nobody else had sent for review.",
    )

    # Fields whose change on a public record is always a major change.
    MAJOR_FIELDS: tuple[str, ...] = ()
    # Columns only SQL uses, such as a stored search vector that search matches and ranks on inside
    # the database: nothing reads them into Python, so public querysets leave them out of the SELECT.
    SQL_ONLY_FIELDS: tuple[str, ...] = ()
    # Fields that say whether and how the record is public: only Publishers change them.
    # ``is_published`` first; unpublishing resets the others to their defaults.
    PUBLICATION_FIELDS: tuple[str, ...] = ("is_published",)
    # The field that schedules publication, if the model has one: publishing moves a past value to now.
    SCHEDULE_FIELD: str | None = None
    # Set on a record rebuilt from history as it read on a day: its links keep that day.
    as_read_on = None

    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by the admin form (or by code) for one save; not stored on the record itself.
        self.change_kind = None
        self.change_note = ""
        self.change_user = None

    def save(self, *args, **kwargs):
        kind, note = self.change_kind, (self.change_note or "").strip()
        if kind == ChangeKind.MAJOR and note and not getattr(self, "_change_reason", None):
            # Kept with the version in history too, so the history says why it changed.
            self._change_reason = f"Major change: {note}"
        elif kind == ChangeKind.MINOR and not getattr(self, "_change_reason", None):
            self._change_reason = "Minor change"
        if getattr(self, "_change_reason", None):
            # The history keeps a reason of at most HISTORY_REASON_LENGTH characters; the full
            # note is kept as the public change note itself.
            self._change_reason = Truncator(self._change_reason).chars(HISTORY_REASON_LENGTH)
        # Every save is a new version: forms opened at an older one are stale from now on.
        self.version = (self.version or 0) + 1
        try:
            super().save(*args, **kwargs)
        finally:
            # The reason belongs to this save only; a later save of the same object gives its own.
            self.__dict__.pop("_change_reason", None)
            # What is stored has changed.
            self.__dict__.pop("_stored_version", None)
        if kind == ChangeKind.MAJOR and note:
            self.change_notes.create(note=note, made_by=self.change_user)
        self.change_kind, self.change_note = None, ""

    def get_absolute_url(self):
        """The public page; as it read on ``as_read_on`` when the record was rebuilt for that day.

        Worked out once for each address: a page links to the same record many times (title,
        areas, breadcrumbs), and a new slug or day gives a new address.
        """
        key = (self.slug, self.as_read_on)
        known = self.__dict__.get("_absolute_url")
        if known is None or known[0] != key:
            path = reverse(f"{self._meta.app_label}:detail", kwargs={"slug": self.slug})
            known = self.__dict__["_absolute_url"] = (key, url_on(path, self.as_read_on))
        return known[1]

    # -- the rule ----------------------------------------------------------------------------

    def stored_version(self):
        """The record as it is in the database, or None for a new record.

        Read once until this object is saved: the form, the change-note rule, the admin's
        fieldsets and its save all ask during one request.
        """
        if self.pk is None:
            return None
        cached_pk, stored = self.__dict__.get("_stored_version", (None, None))
        if cached_pk != self.pk:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            self._stored_version = (self.pk, stored)
        return stored

    def is_public_record(self):
        """Whether the public can see (or could have seen) this version: overridden per model."""
        return self.is_published

    def major_changes(self, stored):
        """Verbose names of the always-major fields that differ from ``stored``."""
        changed = []
        for name in self.MAJOR_FIELDS:
            field = self._meta.get_field(name)
            if _comparable(getattr(self, field.attname)) != _comparable(getattr(stored, field.attname)):
                changed.append(str(field.verbose_name))
        return changed

    def implied_change(self, stored):
        """The (kind, note) a change always is, whatever the officer chose, or None: override per model."""
        return None

    def clean_change_note(self):
        """Errors for the change kind and note, keyed by the form's field names."""
        stored = self.stored_version()
        if stored is None or not stored.is_public_record():
            return {}
        implied = self.implied_change(stored)
        if implied is not None:
            self.change_kind = implied[0]
            self.change_note = (self.change_note or "").strip() or implied[1]
        errors = {}
        changed = self.major_changes(stored)
        if changed and self.change_kind != ChangeKind.MAJOR:
            errors["change_kind"] = ValidationError(
                "Changing the %(fields)s of a published record is a major change: choose "
                "“Major change” and write a change note for the public.",
                code="major_change_required",
                params={"fields": get_text_list(changed, "and")},
            )
        if self.change_kind == ChangeKind.MAJOR and not (self.change_note or "").strip():
            errors["change_note"] = ValidationError(
                "Write a change note: it tells the public what changed and why.", code="change_note_required"
            )
        return errors

    # -- for public pages ----------------------------------------------------------------------

    def get_versions_url(self):
        """The list of the record's public versions."""
        return reverse(f"{self._meta.app_label}:versions", kwargs={"slug": self.slug})

    def public_change_notes(self):
        """Major change notes, newest first (prefetched as ``public_notes`` by detail views)."""
        notes = getattr(self, "public_notes", None)
        return notes if notes is not None else list(self.change_notes.all())  # ChangeNote.Meta orders newest first

    def last_updated_at(self):
        """The moment of the latest major change, or None when there has been none."""
        notes = self.public_change_notes()
        return notes[0].made_at if notes else None


class ChangeNoteQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-made_at", "-pk")

    def with_record(self, name):
        """Each note's record (the foreign key ``name``) joined in, without the columns only SQL uses."""
        record = self.model._meta.get_field(name).related_model
        return self.select_related(name).defer(*(f"{name}__{column}" for column in record.SQL_ONLY_FIELDS))


class ChangeNote(models.Model):
    """A public note of a major change to a published record. Abstract: each app has its own."""

    note = models.TextField(help_text="What changed and why, for the public.")
    made_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-made_at", "-pk"]
        get_latest_by = "made_at"

    def __str__(self):
        return self.note
