from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from statements.models import Statement, StatementChangeNote


class StatementListView(ListView):
    paginate_by = 20
    context_object_name = "statements"

    def get_queryset(self):
        # The list shows title, date and summary: no body, no notice.
        return Statement.objects.published().defer("body")


class StatementDetailView(DetailView):
    """One statement. A withdrawn statement keeps its page, with the reason it was withdrawn."""

    context_object_name = "statement"

    def get_queryset(self):
        return (
            Statement.objects.viewable()
            .select_related("notice")
            # The page links to the notice by title and date; its summary is not shown.
            .defer("notice__summary")
            .prefetch_related(
                Prefetch("change_notes", queryset=StatementChangeNote.objects.newest_first(), to_attr="public_notes")
            )
        )
