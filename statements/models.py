"""Statements the authority publishes in its Transparency section."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.content_checks import check_rich_text, check_summary
from core.editorial import ChangeKind, ChangeNote, ChangeNoteQuerySet, EditorialModel, EditorialQuerySet
from core.richtext import RichTextField


class StatementQuerySet(EditorialQuerySet):
    def published(self):
        """What may appear in lists, feeds, the sitemap and search now: live and not withdrawn."""
        return self.published_by(timezone.now())

    def published_by(self, moment):
        """What the public could see listed at ``moment``: live by then and not withdrawn by then."""
        return self.marked_published().filter(published_at__lte=moment).exclude(withdrawn_at__lte=moment)

    def viewable(self):
        """What has a public page now: live statements, withdrawn ones included (they keep their URL)."""
        return self.marked_published().filter(published_at__lte=timezone.now())

    def scheduled(self, moment=None):
        """Published statements that go live by themselves after ``moment`` (default now), soonest first."""
        return self.marked_published().filter(published_at__gt=moment or timezone.now()).order_by("published_at", "pk")

    def next_change_after(self, moment):
        """The next moment after ``moment`` that a published statement goes live or is withdrawn by itself.

        One query, asked for every page a cache or proxy may keep; the few future rows are found
        through the publication-date and withdrawal indexes.
        """
        going_live, withdrawn = Q(published_at__gt=moment), Q(withdrawn_at__gt=moment)
        moments = (
            self.marked_published()
            .filter(going_live | withdrawn)
            .aggregate(
                going_live=Min("published_at", filter=going_live),
                withdrawn=Min("withdrawn_at", filter=withdrawn),
            )
        )
        return min(filter(None, moments.values()), default=None)


class Statement(EditorialModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The last part of the statement's web address. Letters, numbers and hyphens only.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences, at most 300 characters: shown in lists, feeds and search results.",
    )
    body = RichTextField()
    published_at = models.DateTimeField(
        "publication date",
        default=timezone.now,
        db_index=True,
        help_text="Shown on the page. A future time schedules the statement: it appears by itself then.",
    )
    notice = models.ForeignKey(
        "notices.BestValueNotice",
        verbose_name="responds to notice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The Best Value Notice this statement responds to, if any.",
    )
    withdrawn_at = models.DateTimeField(
        "withdrawn on",
        null=True,
        blank=True,
        help_text="Only Publishers withdraw. The page stays at its address with the explanation below; "
        "the statement leaves lists and the feed.",
    )
    withdrawal_reason = models.TextField(
        "why it was withdrawn",
        blank=True,
        help_text='Shown to the public: "This statement was withdrawn on … because …".',
    )
    # What search looks in: the title, summary and body as plain text, weighted in that order.
    # On PostgreSQL a trigger keeps it current on every save, bulk ones included, and a GIN
    # index serves it (migration "search_vector"); elsewhere it stays empty.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    MAJOR_FIELDS = ("published_at", "notice")
    SQL_ONLY_FIELDS = ("search_vector",)
    PUBLICATION_FIELDS = ("is_published", "withdrawn_at", "withdrawal_reason")
    SCHEDULE_FIELD = "published_at"

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_statement", "Can publish, unpublish and withdraw statements")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | (~Q(withdrawal_reason="") & Q(is_published=True)),
                name="statement_withdrawal_has_reason",
                violation_error_message="A withdrawn statement must be published and say why it was withdrawn.",
            ),
        ]
        indexes = [
            # Latest statements and the statements list: published, newest first (WHERE + ORDER BY + LIMIT).
            models.Index(fields=["is_published", "-published_at", "-id"], name="statement_published_order_idx"),
            # The next scheduled withdrawal, asked on every page the cache or a proxy may keep: few
            # statements are ever withdrawn, so a partial index is small and spares a scan of them all.
            models.Index(
                fields=["withdrawn_at"], name="statement_withdrawal_idx", condition=models.Q(withdrawn_at__isnull=False)
            ),
        ]

    def __str__(self):
        return self.title

    def content_problems(self):
        """Accessibility problems in the summary and body, for the officer to fix before publishing."""
        return check_summary(self.summary) + check_rich_text(self.body, field="Body")

    def clean(self):
        errors = self.clean_change_note()
        if self.withdrawn_at is not None:
            if not self.withdrawal_reason.strip():
                errors["withdrawal_reason"] = ValidationError(
                    "Say why the statement was withdrawn: the public sees this explanation.",
                    code="withdrawal_reason_required",
                )
            if not self.is_published:
                errors["withdrawn_at"] = ValidationError(
                    "Only a published statement can be withdrawn. Unpublish a draft instead.",
                    code="withdrawn_draft",
                )
            elif self.published_at and self.withdrawn_at < self.published_at:
                errors["withdrawn_at"] = ValidationError(
                    "A statement cannot be withdrawn before it was published.", code="withdrawn_before_published"
                )
        if errors:
            raise ValidationError(errors)

    def implied_change(self, stored):
        """Withdrawing is always a major change, and its explanation is the public change note."""
        if self.withdrawn_at is not None and stored.withdrawn_at is None:
            return ChangeKind.MAJOR, f"This statement was withdrawn because {self.withdrawal_reason.strip()}"
        return None

    def is_public_record(self):
        return self.is_viewable()

    def is_viewable(self, moment=None):
        """The single-object mirror of ``StatementQuerySet.viewable()``: it has a public page."""
        return self.is_published and self.published_at <= (moment or timezone.now())

    def is_live(self, moment=None):
        """The single-object mirror of ``StatementQuerySet.published()``: listed, not withdrawn."""
        moment = moment or timezone.now()
        return self.is_viewable(moment) and not self.is_withdrawn(moment)

    def is_withdrawn(self, moment=None):
        return self.withdrawn_at is not None and self.withdrawn_at <= (moment or timezone.now())

    def is_scheduled(self, moment=None):
        return self.is_published and self.published_at > (moment or timezone.now())


class StatementChangeNoteQuerySet(ChangeNoteQuerySet):
    def public(self):
        """Change notes the public may see now: on statements with a public page. For the Atom feed.

        Withdrawn statements keep their page, so their withdrawal reaches the feed as an update.
        """
        return self.filter(statement__in=Statement.objects.viewable()).with_record("statement").newest_first()


class StatementChangeNote(ChangeNote):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="change_notes")

    objects = StatementChangeNoteQuerySet.as_manager()

    class Meta(ChangeNote.Meta):
        verbose_name = "change note"
