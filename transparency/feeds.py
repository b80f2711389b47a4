"""The Transparency section's Atom feed: published statements and Best Value Notices, newest first."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import strip_tags

from notices.models import BestValueNotice, NoticeChangeNote
from statements.models import Statement, StatementChangeNote

ITEMS_PER_KIND = 50


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class TransparencyFeed(Feed):
    feed_type = Atom1Feed
    description = (
        "Statements and Best Value Notices published in the Governance > Transparency section, "
        "and the major updates made to them."
    )

    def title(self):
        return f"Transparency – {settings.AUTHORITY_NAME}"

    def subtitle(self):
        return self.description

    def link(self):
        return reverse("core:transparency")

    def feed_url(self):
        return reverse("core:transparency-feed")

    def author_name(self):
        return settings.AUTHORITY_NAME

    def items(self):
        statements = Statement.objects.published().order_by("-published_at", "-pk")[:ITEMS_PER_KIND]
        notices = BestValueNotice.objects.published().order_by("-issued_on", "-pk")[:ITEMS_PER_KIND]
        updates = [
            *StatementChangeNote.objects.public()[:ITEMS_PER_KIND],
            *NoticeChangeNote.objects.public()[:ITEMS_PER_KIND],
        ]
        items = [*statements, *notices, *updates]
        items.sort(key=self.item_pubdate, reverse=True)
        return items

    @staticmethod
    def updated_record(item):
        """The statement or notice a change note is about, or None for a statement or notice itself."""
        if isinstance(item, StatementChangeNote):
            return item.statement
        if isinstance(item, NoticeChangeNote):
            return item.notice
        return None

    def item_title(self, item):
        record = self.updated_record(item)
        if record is not None:
            return f"Updated: {record.title}"
        if isinstance(item, BestValueNotice):
            return f"Best Value Notice: {item.title}"
        return item.title

    def item_description(self, item):
        if self.updated_record(item) is not None:
            return item.note
        if isinstance(item, BestValueNotice):
            text = strip_tags(item.summary).strip()
            issued = f"Issued by {item.issued_by} on {date_format(item.issued_on, 'j F Y')}."
            return f"{issued} {text}".strip()
        return item.summary

    def item_link(self, item):
        record = self.updated_record(item)
        if record is not None:
            return f"{record.get_absolute_url()}#update-{item.pk}"
        return item.get_absolute_url()

    def item_pubdate(self, item):
        if self.updated_record(item) is not None:
            return item.made_at
        if isinstance(item, BestValueNotice):
            return start_of_day(item.issued_on)
        return item.published_at

    def item_updateddate(self, item):
        if self.updated_record(item) is not None:
            return item.made_at
        # Never earlier than publication: a statement scheduled after its last edit.
        return max(item.updated_at, self.item_pubdate(item))

    def item_categories(self, item):
        if self.updated_record(item) is not None:
            return ["Update"]
        return ["Best Value Notice"] if isinstance(item, BestValueNotice) else ["Statement"]
