from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import DetailView, ListView

from core.dates import as_it_stood_moment, long_date
from core.forms import AsItStoodForm
from core.records import url_on
from core.views import AsItReadMixin, VersionsMixin
from statements import history
from statements.models import Statement, StatementChangeNote

NOTICE_SHOWN = {"id", "title", "slug", "issued_on", "is_published"}
NOTICE_UNSHOWN = [
    field.name for field in Statement.notice.field.related_model._meta.concrete_fields if field.name not in NOTICE_SHOWN
]


class StatementListView(ListView):
    """Published statements, newest first; with ``?on=`` the list as it read at the end of that day."""

    paginate_by = 20
    context_object_name = "statements"
    # Named, since the list as it read is of history rows rather than statements.
    template_name = "statements/statement_list.html"

    def get(self, request, *args, **kwargs):
        form = AsItStoodForm(request.GET)
        if not form.is_valid():
            return render(request, "records/bad_date.html", {"form": form}, status=HttpResponseBadRequest.status_code)
        self.day = form.cleaned_data["on"]
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.day is not None:
            # Each statement as saved by then, listed if public and not withdrawn by then.
            return history.listed_rows(as_it_stood_moment(self.day))
        # The list shows title, date and summary: no body, no notice.
        return Statement.objects.published().for_public_page().defer("body")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = self.day
        if day is not None:
            moment = as_it_stood_moment(day)
            statements = [history.rebuild(row, moment=moment, day=day) for row in context["object_list"]]
            context["object_list"] = context["statements"] = statements
            context.update(
                as_read={"day": day, "today_url": self.request.path},
                on_query=url_on("", day),
                # The pages of the list keep the day.
                query_string=url_on("", day).removeprefix("?"),
            )
        return context


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
        return Statement.objects.viewable().for_public_page()

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
