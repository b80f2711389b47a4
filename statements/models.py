"""Statements the authority publishes in its Transparency section."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.richtext import RichTextField


class StatementQuerySet(models.QuerySet):
    def published(self):
        """Exactly what the public may see now: published, and not scheduled for later."""
        return self.published_by(timezone.now())

    def published_by(self, moment):
        """What the public could see at ``moment``."""
        return self.filter(is_published=True, published_at__lte=moment)


class Statement(models.Model):
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
    is_published = models.BooleanField(
        "published",
        default=False,
        db_index=True,
        help_text="Drafts are not shown to the public.",
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_statement", "Can publish or unpublish statements")]
        indexes = [
            # Latest statements and the statements list: published, newest first (WHERE + ORDER BY + LIMIT).
            models.Index(fields=["is_published", "-published_at", "-id"], name="statement_published_order_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("statements:detail", kwargs={"slug": self.slug})

    def is_live(self, moment=None):
        """The single-object mirror of ``StatementQuerySet.published()``."""
        return self.is_published and self.published_at <= (moment or timezone.now())

    def is_scheduled(self, moment=None):
        return self.is_published and self.published_at > (moment or timezone.now())
