"""Best Value Notices issued to the authority, and the improvement areas each lists."""

import contextlib
import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import F, FilteredRelation, Q
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from core.content_checks import check_rich_text, check_summary
from core.dates import local_today, long_date
from core.editorial import ChangeKind, ChangeNote, ChangeNoteQuerySet, EditorialModel, EditorialQuerySet
from core.fields import HttpsURLField
from core.richtext import RichTextField, plain_text, sanitize_html
from core.validators import PdfValidator, pdf_page_count
from notices.status import (
    ONE_DAY,
    PUBLISHED_SUCCESSOR,
    SUCCESSOR_STARTS_ON,
    InForceUntil,
    NoticeStatus,
    StatusOn,
    default_ends_on,
)


def default_recipient():
    return settings.AUTHORITY_NAME


# The fields a list of notices does not show, deferred by ``for_listing()``.
FIELDS_LISTS_DEFER = ("summary",)


class BestValueNoticeQuerySet(EditorialQuerySet):
    def published(self):
        """Notices the public sees: every published one (a notice has no scheduled publication)."""
        return self.marked_published()

    def with_in_force_until(self):
        """Annotate ``in_force_until``, joining the published successor (a draft one changes nothing).

        ``in_force_until`` is the earliest of ``ends_on``, the day before the published
        successor starts and the day before the notice was withdrawn. A draft successor
        changes nothing.
        """
        if "in_force_until" in self.query.annotations:
            return self
        # The published successor through one LEFT JOIN (a notice has at most one successor),
        # so its start is a plain column. Django copies an annotation into every expression
        # that refers to it, so the conditions below use columns rather than ``in_force_until``:
        # the SQL is smaller to build and to run.
        return self.annotate(
            **{PUBLISHED_SUCCESSOR: FilteredRelation("superseded_by", condition=Q(superseded_by__is_published=True))}
        ).annotate(in_force_until=InForceUntil())

    @staticmethod
    def _in_force_until_on_or_after_q(day):
        """``in_force_until`` ≥ day, written with columns only: ends_on ≥ day or none fixed, no published
        successor starting on or before day, and not withdrawn on or before day."""
        return (
            (Q(ends_on__gte=day) | Q(ends_on__isnull=True))
            & (Q(**{f"{SUCCESSOR_STARTS_ON}__isnull": True}) | Q(**{f"{SUCCESSOR_STARTS_ON}__gt": day}))
            & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        )

    def in_force_on(self, day):
        """Notices in force on ``day``: ``starts_on`` ≤ day ≤ ``in_force_until``."""
        return self.with_in_force_until().filter(Q(starts_on__lte=day) & self._in_force_until_on_or_after_q(day))

    def with_status(self, day=None):
        """Annotate ``in_force_until`` and ``status`` as it stood on ``day`` (default: today)."""
        day = day or local_today()
        return self.with_in_force_until().annotate(status=StatusOn(day))

    def last_in_force_before(self, day):
        """The published notice whose time in force ended last before ``day``, with its status
        on ``day`` (replaced, withdrawn or expired) and its successor; None if none had ended.

        For "no notice is in force": which one was, when it ended and whether it was replaced.

        A notice's time in force never runs past its fixed end date, so once the ended notice with
        the latest fixed end is known (through the ``ends_on`` index), only notices ending on or
        after the day it ended, or with no fixed end, can have ended later: those few are compared,
        not every notice that ever ended.
        """
        ended = self.published().with_in_force_until().filter(in_force_until__lt=day)
        # Asked on its own, so the database plans the second query knowing the date.
        bound = ended.exclude(ends_on=None).order_by("-ends_on").values_list("in_force_until", flat=True).first()
        could_have_ended_last = Q(ends_on=None) if bound is None else Q(ends_on=None) | Q(ends_on__gte=bound)
        return (
            ended.filter(could_have_ended_last)
            .with_status(day)
            .with_chain_ends()
            .order_by("-in_force_until", "-starts_on", "-pk")
            .first()
        )

    def due_to_end_within(self, days, today=None):
        """Published notices whose ``in_force_until`` falls in the next ``days`` days (today included)."""
        today = today or local_today()
        return (
            self.published()
            .with_in_force_until()
            .filter(in_force_until__gte=today, in_force_until__lte=today + datetime.timedelta(days=days))
            .order_by("in_force_until", "pk")
        )

    def issued_between(self, start=None, end=None):
        """Notices issued from ``start`` to ``end``, both inclusive; either end may be open (None)."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(issued_on__gte=start)
        if end is not None:
            queryset = queryset.filter(issued_on__lte=end)
        return queryset

    def with_status_today(self, status):
        """Notices whose status today (Europe/London) is ``status``; keeps an existing ``status`` annotation."""
        queryset = self if "status" in self.query.annotations else self.with_status()
        return queryset.filter(status=status)

    def filtered(self, *, issued_from=None, issued_to=None, in_force_on=None, status=None):
        """The auditors' filters, each optional and all combinable."""
        queryset = self.issued_between(issued_from, issued_to)
        if in_force_on is not None:
            queryset = queryset.in_force_on(in_force_on)
        if status:
            queryset = queryset.with_status_today(status)
        return queryset

    def with_chain_ends(self):
        """Select the notices this one replaces and is replaced by, with only what pages show of them."""
        return self.select_related("supersedes", "superseded_by").defer(*CHAIN_END_UNSHOWN)

    def for_listing(self, day=None):
        """What a list of notices shows: status on ``day`` (default today), both ends of the chain, newest first."""
        return (
            self.with_status(day)
            .with_chain_ends()
            .without_sql_only_fields()
            .defer(*FIELDS_LISTS_DEFER)
            .order_by("-issued_on", "-pk")
        )

    def with_area_count(self):
        """Annotate ``improvement_area_count``: a correlated subquery, so a count() of the notices drops it."""
        areas = ImprovementArea.objects.filter(notice=models.OuterRef("pk")).order_by().values("notice")
        count = areas.annotate(count=models.Count("pk")).values("count")
        return self.annotate(improvement_area_count=Coalesce(models.Subquery(count), 0))


class BestValueNotice(EditorialModel):
    title = models.CharField(max_length=200, help_text="As printed on the notice.")
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The last part of the notice's web address. Letters, numbers and hyphens only.",
    )
    issued_by = models.CharField(
        "issued by",
        max_length=200,
        help_text=(
            'The department, named as on the notice, e.g. "Department for Levelling Up, Housing and Communities".'
        ),
    )
    recipient = models.CharField(max_length=200, default=default_recipient)
    issued_on = models.DateField("issued on", db_index=True, help_text="The date on the notice.")
    starts_on = models.DateField(
        "in force from",
        blank=True,
        db_index=True,
        help_text="The first day the notice is in force. Leave blank to use the date it was issued.",
    )
    ends_on = models.DateField(
        "in force until",
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            "The last day the notice is in force. Leave blank for six months less a day from the start, "
            "or for a notice with no fixed end date."
        ),
    )
    no_fixed_end = models.BooleanField(
        "no fixed end date",
        default=False,
        help_text=(
            "Tick if the notice sets no last day: it stays in force until a revised notice replaces it "
            "or the department withdraws it. Leave “in force until” blank."
        ),
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name="replaces",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The earlier notice this one replaces, if any.",
    )
    withdrawn_on = models.DateField(
        "withdrawn on",
        null=True,
        blank=True,
        db_index=True,
        help_text="Only if the department lifted the notice early: the day it stopped being in force.",
    )
    summary = RichTextField(blank=True, help_text="What the notice says, in brief.")
    source_url = HttpsURLField("link to the department's publication", max_length=500, blank=True)
    document = models.FileField(
        upload_to="notices/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), PdfValidator("NOTICE_DOCUMENT_MAX_BYTES")],
        help_text="The notice as a PDF (checked to be a real PDF; the size limit is set by the site).",
    )
    document_pages = models.PositiveIntegerField("pages in the PDF", null=True, blank=True, editable=False)
    # What search looks in: the title, summary and improvement areas as plain text, weighted in
    # that order. On PostgreSQL triggers keep it current on every save of the notice or of one of
    # its areas, bulk ones included, and a GIN index serves it; elsewhere it stays empty.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = BestValueNoticeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    MAJOR_FIELDS = ("issued_on", "starts_on", "ends_on", "withdrawn_on", "supersedes")
    SQL_ONLY_FIELDS = ("search_vector",)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "Best Value Notice"
        permissions = [("publish_bestvaluenotice", "Can publish or unpublish Best Value Notices")]
        indexes = [
            # The public lists: published notices, newest issued first (WHERE + ORDER BY + LIMIT).
            models.Index(fields=["is_published", "-issued_on", "-id"], name="notice_published_issued_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="notice_ends_on_or_after_start",
                violation_error_message="The last day in force cannot be before the first day in force.",
            ),
            # A notice has a last day in force or, said explicitly, none: never a date left out by mistake.
            models.CheckConstraint(
                condition=Q(no_fixed_end=True, ends_on__isnull=True) | Q(no_fixed_end=False, ends_on__isnull=False),
                name="notice_end_date_or_no_fixed_end",
                violation_error_message=(
                    "A notice has either a last day in force or no fixed end date, not both and not neither."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(supersedes=F("pk")),
                name="notice_does_not_supersede_itself",
                violation_error_message="A notice cannot replace itself.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("starts_on")),
                name="notice_withdrawn_on_or_after_start",
                violation_error_message="A notice cannot be withdrawn before it comes into force.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({date_format(self.issued_on, 'j F Y')})" if self.issued_on else self.title

    def save(self, *args, **kwargs):
        self.fill_default_dates()
        self.read_document_pages()
        super().save(*args, **kwargs)

    def read_document_pages(self):
        """Count the pages of a newly uploaded PDF (kept, so public pages need not open the file)."""
        if not self.document:
            self.document_pages = None
        elif not getattr(self.document, "_committed", True):
            self.document_pages = pdf_page_count(self.document)

    def fill_default_dates(self):
        if self.starts_on is None and self.issued_on is not None:
            self.starts_on = self.issued_on
        if self.ends_on is None and self.starts_on is not None and not self.no_fixed_end:
            # Six months after a day late in the year 9999 is past the calendar: clean() asks for a date.
            with contextlib.suppress(ValueError, OverflowError):
                self.ends_on = default_ends_on(self.starts_on)

    def clean(self):
        self.fill_default_dates()
        errors = self.clean_change_note()
        if self.no_fixed_end and self.ends_on is not None:
            errors["ends_on"] = ValidationError(
                "A notice with no fixed end date has no last day in force: clear this date, "
                "or untick “no fixed end date”.",
                code="end_date_with_no_fixed_end",
            )
        elif self.starts_on and self.ends_on is None and not self.no_fixed_end:
            errors["ends_on"] = ValidationError(
                "Enter the last day the notice is in force: six months from %(start)s is past the end of the calendar.",
                code="ends_on_required",
                params={"start": date_format(self.starts_on, "j F Y")},
            )
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ValidationError(
                "The last day in force must be on or after the first day in force (%(start)s).",
                code="ends_before_start",
                params={"start": date_format(self.starts_on, "j F Y")},
            )
        if self.withdrawn_on and self.starts_on and self.withdrawn_on < self.starts_on:
            errors["withdrawn_on"] = ValidationError(
                "A notice cannot be withdrawn before it comes into force (%(start)s).",
                code="withdrawn_before_start",
                params={"start": date_format(self.starts_on, "j F Y")},
            )
        predecessor = self.supersedes
        if predecessor is not None:
            if self.pk is not None and predecessor.pk == self.pk:
                errors["supersedes"] = ValidationError("A notice cannot replace itself.", code="supersedes_itself")
            elif self.starts_on and predecessor.starts_on >= self.starts_on:
                errors["supersedes"] = ValidationError(
                    "A notice can only replace one that came into force before it. "
                    "%(earlier)s came into force on %(earlier_start)s, not before %(start)s.",
                    code="supersedes_later_notice",
                    params={
                        "earlier": predecessor.title,
                        "earlier_start": date_format(predecessor.starts_on, "j F Y"),
                        "start": date_format(self.starts_on, "j F Y"),
                    },
                )
        if errors:
            raise ValidationError(errors)

    # The single-object mirror of the QuerySet rule, for the admin and templates.
    # tests/notices/test_models.py checks the two agree on every boundary day.

    @property
    def published_successor(self):
        try:
            successor = self.superseded_by
        except BestValueNotice.DoesNotExist:
            return None
        return successor if successor.is_published else None

    @property
    def published_predecessor(self):
        predecessor = self.supersedes
        return predecessor if predecessor is not None and predecessor.is_published else None

    def compute_in_force_until(self):
        """The last day in force, or None for a notice with no fixed end date that nothing has ended yet."""
        candidates = [self.ends_on] if self.ends_on is not None else []
        successor = self.published_successor
        if successor is not None:
            candidates.append(successor.starts_on - ONE_DAY)
        if self.withdrawn_on is not None:
            candidates.append(self.withdrawn_on - ONE_DAY)
        return min(candidates, default=None)

    def status_on(self, day=None):
        day = day or local_today()
        until = self.compute_in_force_until()
        successor = self.published_successor
        if day < self.starts_on:
            return NoticeStatus.UPCOMING
        if until is None or day <= until:
            return NoticeStatus.IN_FORCE
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return NoticeStatus.WITHDRAWN
        if successor is not None and successor.starts_on <= day:
            return NoticeStatus.SUPERSEDED
        return NoticeStatus.EXPIRED

    @property
    def document_size(self):
        """The PDF's size in bytes, or None when there is none or it cannot be read."""
        if not self.document:
            return None
        try:
            return self.document.size
        except (OSError, ValueError):
            return None

    def document_description(self):
        """What a reader needs before opening the file, e.g. "PDF, 245 KB, 6 pages"."""
        size = self.document_size
        if size is None:
            return ""
        size_text = f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"
        parts = ["PDF", size_text]
        if self.document_pages:
            parts.append(f"{self.document_pages} page{'s' if self.document_pages != 1 else ''}")
        return ", ".join(parts)

    def content_problems(self, areas=None):
        """Accessibility problems in the summary and the areas' wording, for the officer to fix before publishing."""
        problems = check_rich_text(self.summary, field="Summary")
        problems += check_summary(plain_text(self.summary))
        for area in self.improvement_areas.all() if areas is None else areas:
            problems += check_rich_text(area.detail, field=f"Improvement area “{area.title}”", start_level=3)
        return problems

    def get_status_display(self):
        """The status label: from the ``with_status()`` annotation when present, else computed today."""
        return NoticeStatus(getattr(self, "status", None) or self.status_on()).label

    @property
    def has_ended(self):
        """Whether the notice is no longer in force today (replaced, withdrawn or expired)."""
        return (getattr(self, "status", None) or self.status_on()) not in (NoticeStatus.UPCOMING, NoticeStatus.IN_FORCE)

    def in_force_dates(self):
        """The days in force as people read them: "30 January 2024 to 31 July 2024", or for a notice
        that nothing has ended yet and that set no end, "From 24 January 2023, with no fixed end date".

        Uses the ``in_force_until`` annotation (or the one set on a notice rebuilt from history)
        when present, so a page as it read on a past day says only what was known then.
        """
        until = self.in_force_until if hasattr(self, "in_force_until") else self.compute_in_force_until()
        if until is None:
            return f"From {long_date(self.starts_on)}, with no fixed end date"
        return f"{long_date(self.starts_on)} to {long_date(until)}"

    def is_in_force_on(self, day):
        until = self.compute_in_force_until()
        return self.starts_on <= day and (until is None or day <= until)


# What pages, exports and the timeline show of the notices at either end of a chain: a link
# (title, slug), when it was issued or came into force and whether it is published. Fewer
# columns make the query cheaper to build and to read; the rest is deferred.
CHAIN_END_FIELDS = {"id", "title", "slug", "issued_on", "starts_on", "is_published", "supersedes"}
CHAIN_END_UNSHOWN = tuple(
    f"{end}__{field.name}"
    for end in ("supersedes", "superseded_by")
    for field in BestValueNotice._meta.concrete_fields
    if field.name not in CHAIN_END_FIELDS
)


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class ImprovementArea(models.Model):
    notice = models.ForeignKey(BestValueNotice, on_delete=models.CASCADE, related_name="improvement_areas")
    position = models.PositiveIntegerField(
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Areas are listed in this order, 1 first. A new area goes last; "
        "“Move up” and “Move down” change the order.",
    )
    title = models.CharField(max_length=200, help_text="A short label for the area.")
    detail = RichTextField(blank=True, help_text="The notice's own wording for this area.")
    progress = models.CharField(max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    progress_note = models.TextField(
        "progress note", blank=True, help_text="What the authority has done on this area, for the public."
    )
    progress_updated_on = models.DateField(
        "progress updated on",
        null=True,
        blank=True,
        help_text="Set to today when progress or the note changes, unless you enter another date.",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name="continues",
        null=True,
        blank=True,
        # Removing the earlier area only removes the link: the revised notice's area stays as written.
        on_delete=models.SET_NULL,
        related_name="carried_forward_as",
        help_text=(
            "If this area continues one of the notice this notice replaces, choose that area. "
            "Leave blank for an area that is new in this notice."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "improvement area"
        indexes = [models.Index(fields=["notice", "position", "id"], name="area_notice_position_idx")]

    def __str__(self):
        return self.title

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As loaded (or constructed), to tell on save whether progress was reported anew.
        self._progress_as_loaded = (self.progress, self.progress_note, self.progress_updated_on)

    def save(self, *args, **kwargs):
        progress, note, updated_on = self._progress_as_loaded
        reported = self.progress != Progress.NOT_STARTED or self.progress_note
        changed = (self.progress, self.progress_note) != (progress, note)
        date_left_alone = self.progress_updated_on is None or self.progress_updated_on == updated_on
        # A new report, with its date left as it was, is dated today.
        if reported and date_left_alone and (changed or self.progress_updated_on is None):
            self.progress_updated_on = local_today()
        if self.position is None:
            self.position = self.next_position(self.notice_id)
        super().save(*args, **kwargs)
        self._progress_as_loaded = (self.progress, self.progress_note, self.progress_updated_on)

    @classmethod
    def next_position(cls, notice_id):
        """The position after the notice's last area: a new area without one goes last."""
        last = cls._base_manager.filter(notice_id=notice_id).aggregate(last=models.Max("position"))["last"]
        return (last or 0) + 1

    def clean(self):
        """An area continues only an area of the replaced notice; new wording on a public notice is a
        major change, made with a change note on the notice."""
        notice = self.notice if self.notice_id else None
        if notice is None:
            return
        self.clean_carried_from(notice)
        stored_notice = notice.stored_version()
        if stored_notice is None or not stored_notice.is_public_record():
            return
        stored = type(self)._base_manager.filter(pk=self.pk).first() if self.pk else None
        reworded = stored is None or (stored.title, stored.detail) != (self.title, sanitize_html(self.detail))
        if reworded and getattr(notice, "change_kind", None) != ChangeKind.MAJOR:
            raise ValidationError(
                "Adding or rewording an improvement area of a published notice is a major change: choose "
                "“Major change” for the notice and write a change note for the public.",
                code="major_change_required",
            )

    def clean_carried_from(self, notice):
        """An area can only continue an area of the notice its own notice replaces."""
        if self.carried_from_id is None:
            return
        if notice.supersedes_id is None:
            raise ValidationError(
                {
                    "carried_from": ValidationError(
                        "This notice replaces no earlier notice, so its areas cannot continue one. "
                        "Choose the notice it replaces first, or leave this blank.",
                        code="carried_from_without_predecessor",
                    )
                }
            )
        if self.carried_from.notice_id != notice.supersedes_id:
            raise ValidationError(
                {
                    "carried_from": ValidationError(
                        "“%(area)s” is an area of %(other)s. An area can only continue an area of the "
                        "notice this one replaces (%(predecessor)s).",
                        code="carried_from_other_notice",
                        params={
                            "area": self.carried_from.title,
                            "other": self.carried_from.notice.title,
                            "predecessor": notice.supersedes.title,
                        },
                    )
                }
            )


class NoticeChangeNoteQuerySet(ChangeNoteQuerySet):
    def public(self):
        """Change notes the public may see now: on published notices. For the Atom feed."""
        return self.filter(notice__in=BestValueNotice.objects.published()).with_record("notice").newest_first()


class NoticeChangeNote(ChangeNote):
    notice = models.ForeignKey(BestValueNotice, on_delete=models.CASCADE, related_name="change_notes")

    objects = NoticeChangeNoteQuerySet.as_manager()

    class Meta(ChangeNote.Meta):
        verbose_name = "change note"
