from django.db.models import Prefetch
from django.utils import timezone
from django.views.generic import DetailView, ListView

from core.dates import long_date
from core.views import AsItReadMixin, VersionsMixin
from statements import history
from statements.models import Statement, StatementChangeNote

NOTICE_SHOWN = {"id", "title", "slug", "issued_on", "is_published"}
NOTICE_UNSHOWN = [
    field.name for field in Statement.notice.field.related_model._meta.concrete_fields if field.name not in NOTICE_SHOWN
]


class StatementListView(ListView):
    paginate_by = 20
    context_object_name = "statements"

    def get_queryset(self):
        # The list shows title, date and summary: no body, no notice.
        return Statement.objects.published().for_public_page().defer("body")


class StatementDetailView(AsItReadMixin, DetailView):
    """One statement. A withdrawn statement keeps its page, with the reason it was withdrawn.

    With ``?on=`` it is rebuilt from history as it read at the end of that day.
    """

    def as_read(self, slug, day):
        return history.statement_as_read(slug, day)

    context_object_name = "statement"

    def get_queryset(self):
        return (
            Statement.objects.viewable()
            .for_public_page()
            .select_related("notice")
            # The page links to the notice by title and date; nothing else of it is read.
            .defer(*(f"notice__{name}" for name in NOTICE_UNSHOWN))
            .prefetch_related(
                Prefetch("change_notes", queryset=StatementChangeNote.objects.newest_first(), to_attr="public_notes")
            )
        )


class StatementVersionsView(VersionsMixin, DetailView):
    """The statement's public versions, one of them, or what changed in one."""

    context_object_name = "statement"

    def get_queryset(self):
        return Statement.objects.viewable()

    def versions(self, pk):
        return history.versions(pk)

    def record_at(self, version):
        statement = history.rebuild(version.row, moment=version.read_at, day=None)
        return history.with_page_details(statement, moment=version.read_at, day=None)

    def comparison(self, statement):
        """What the public reads of a statement, labelled, rich text flagged."""
        withdrawn = ""
        if statement.withdrawn_at:
            withdrawn = f"Withdrawn on {long_date(timezone.localtime(statement.withdrawn_at))} because "
            withdrawn += statement.withdrawal_reason
        return [
            ("Title", statement.title, False),
            ("Summary", statement.summary, False),
            ("Published", long_date(timezone.localtime(statement.published_at)), False),
            ("Responds to", statement.notice.title if statement.notice else "", False),
            ("Withdrawal", withdrawn, False),
            ("Text", statement.body, True),
        ]
