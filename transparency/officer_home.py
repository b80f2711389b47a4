"""What the admin home tells an officer needs doing, gathered for one user.

Each part holds only records of the models the officer may view, so an Auditor sees what is
waiting without being asked to act, and an officer with no view permission sees nothing. Every
part is a fixed number of queries however many records there are: a count and a short list.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import ngettext

from core.publishing import can_publish
from notices.models import BestValueNotice
from statements.models import Statement

# The most rows each part lists; the count above it says how many there are in all.
SHOWN = 10
# The models of the content apps, in the order the home page lists them.
CONTENT_MODELS = (Statement, BestValueNotice)
HISTORY_VERBS = {"+": "added", "~": "changed", "-": "deleted"}


@dataclass
class Listing:
    """A count in a plain sentence, a link to all of them and the first few records."""

    text: str
    url: str
    rows: list = field(default_factory=list)


@dataclass
class Change:
    """One saved version by someone else: what, who, when, why, and where to look at it."""

    kind: str
    title: str
    verb: str
    user: str
    at: object
    reason: str
    url: str


@dataclass
class OfficerHome:
    can_review: bool = False
    awaiting: list = field(default_factory=list)
    scheduled: Listing | None = None
    can_see_scheduled: bool = False
    due: list = field(default_factory=list)
    can_see_due: bool = False
    can_record_decisions: bool = False
    due_within_days: int = 30
    changes: list = field(default_factory=list)
    can_see_changes: bool = False

    @property
    def anything_awaiting(self):
        return any(listing.rows for listing in self.awaiting)

    @property
    def shows_content(self):
        """Whether the officer may view any content model, so the content parts are shown at all."""
        return self.can_see_changes


def can_view(user, model):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def awaiting_review(model):
    """Drafts of ``model`` sent for review, longest waiting first, with who sent them and when."""
    queryset = model.objects.awaiting_review()
    count = queryset.count()
    opts = model._meta
    text = ngettext("%(count)d %(name)s is ready for review", "%(count)d %(plural)s are ready for review", count) % {
        "count": count,
        "name": opts.verbose_name,
        "plural": opts.verbose_name_plural,
    }
    rows = []
    if count:
        rows = list(
            queryset.with_review_requested_at()
            .select_related("review_requested_by")
            .order_by("review_requested_at", "pk")[:SHOWN]
        )
        for draft in rows:
            draft.admin_url = _url(model, "change", draft.pk)
    return Listing(text, _url(model, "changelist") + "?review=awaiting", rows)


def scheduled_statements():
    """Statements a Publisher has scheduled, soonest first."""
    queryset = Statement.objects.scheduled()
    count = queryset.count()
    text = ngettext(
        "%(count)d statement is scheduled to appear", "%(count)d statements are scheduled to appear", count
    ) % {"count": count}
    rows = list(queryset.only("pk", "title", "published_at")[:SHOWN]) if count else []
    for statement in rows:
        statement.admin_url = _url(Statement, "change", statement.pk)
    return Listing(text, _url(Statement, "changelist"), rows)


def notices_due(days):
    """Published notices whose time in force ends within ``days`` days, soonest first."""
    rows = list(BestValueNotice.objects.due_to_end_within(days).only("pk", "title", "ends_on", "starts_on")[:SHOWN])
    for notice in rows:
        notice.admin_url = _url(BestValueNotice, "change", notice.pk)
    return rows


def recent_changes(user, models):
    """The latest saves of ``models`` by anyone but ``user``, newest first, each linked to its record."""
    changes = []
    for model in models:
        history = model.history.model
        versions = (
            history.objects.exclude(history_user=user)
            .select_related("history_user")
            .annotate(still_there=Exists(model._base_manager.filter(pk=OuterRef("id"))))
            .only("id", "title", "history_date", "history_type", "history_change_reason", "history_user__username")
            .order_by("-history_date", "-history_id")[:SHOWN]
        )
        kind = str(model._meta.verbose_name)
        for version in versions:
            url = _url(model, "change", version.id) if version.still_there else _url(model, "deleted")
            who = version.history_user.get_username() if version.history_user else "the system"
            changes.append(
                Change(
                    kind=kind[:1].upper() + kind[1:],
                    title=version.title,
                    verb=HISTORY_VERBS.get(version.history_type, "changed"),
                    user=who,
                    at=version.history_date,
                    reason=version.history_change_reason or "",
                    url=url,
                )
            )
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:SHOWN]


def officer_home(user):
    """Everything the admin home shows ``user`` about the content, limited to what they may view."""
    days = settings.NOTICES_DUE_WITHIN_DAYS
    viewable = [model for model in CONTENT_MODELS if can_view(user, model)]
    home = OfficerHome(due_within_days=days)
    home.can_review = any(can_publish(user, model) for model in viewable)
    home.awaiting = [awaiting_review(model) for model in viewable]
    if Statement in viewable:
        home.can_see_scheduled = True
        home.scheduled = scheduled_statements()
    if BestValueNotice in viewable:
        home.can_see_due = True
        home.can_record_decisions = can_publish(user, BestValueNotice)
        home.due = notices_due(days)
    if viewable:
        home.can_see_changes = True
        home.changes = recent_changes(user, viewable)
    return home
