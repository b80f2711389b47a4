"""The Transparency section's Atom feed: published statements and Best Value Notices, newest first."""

import datetime
from dataclasses import dataclass
from operator import attrgetter

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import strip_tags

from core.site import absolute_url
from notices.models import BestValueNotice, NoticeChangeNote
from statements.models import Statement, StatementChangeNote

ITEMS_PER_KIND = 50


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class FeedEntry:
    """One entry of the feed: a statement, a notice, or a public change note about either."""

    title: str
    description: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime
    category: str

    @classmethod
    def for_statement(cls, statement):
        return cls(
            title=statement.title,
            description=statement.summary,
            link=absolute_url(statement.get_absolute_url()),
            published=statement.published_at,
            # Never earlier than publication: a statement scheduled after its last edit.
            updated=max(statement.updated_at, statement.published_at),
            category="Statement",
        )

    @classmethod
    def for_notice(cls, notice):
        issued = f"Issued by {notice.issued_by} on {date_format(notice.issued_on, 'j F Y')}."
        published = start_of_day(notice.issued_on)
        return cls(
            title=f"Best Value Notice: {notice.title}",
            description=f"{issued} {strip_tags(notice.summary).strip()}".strip(),
            link=absolute_url(notice.get_absolute_url()),
            published=published,
            updated=max(notice.updated_at, published),
            category="Best Value Notice",
        )

    @classmethod
    def for_update(cls, note, record):
        return cls(
            title=f"Updated: {record.title}",
            description=note.note,
            link=absolute_url(f"{record.get_absolute_url()}#update-{note.pk}"),
            published=note.made_at,
            updated=note.made_at,
            category="Update",
        )


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

    # Every address in the feed, and so every entry's id, is built from the site's public address,
    # not the request's Host: an entry keeps its id whichever host name the feed was read on.
    def link(self):
        return absolute_url(reverse("transparency:index"))

    def feed_url(self):
        return absolute_url(reverse("transparency:feed"))

    def author_name(self):
        return settings.AUTHORITY_NAME

    def items(self):
        # Not ``for_public_page()``: an entry is dated by its record's ``updated_at``.
        statements = (
            Statement.objects.published().without_sql_only_fields().order_by("-published_at", "-pk")[:ITEMS_PER_KIND]
        )
        notices = (
            BestValueNotice.objects.published().without_sql_only_fields().order_by("-issued_on", "-pk")[:ITEMS_PER_KIND]
        )
        entries = [
            *(FeedEntry.for_statement(statement) for statement in statements),
            *(FeedEntry.for_notice(notice) for notice in notices),
            *(
                FeedEntry.for_update(note, note.statement)
                for note in StatementChangeNote.objects.public()[:ITEMS_PER_KIND]
            ),
            *(FeedEntry.for_update(note, note.notice) for note in NoticeChangeNote.objects.public()[:ITEMS_PER_KIND]),
        ]
        entries.sort(key=attrgetter("published"), reverse=True)
        return entries

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_categories(self, entry):
        return [entry.category]
