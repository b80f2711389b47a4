from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from statements.models import Statement, StatementChangeNote


class StatementListView(ListView):
    paginate_by = 20
    context_object_name = "statements"

    def get_queryset(self):
        return Statement.objects.published().select_related("notice")


class StatementDetailView(DetailView):
    """One statement. A withdrawn statement keeps its page, with the reason it was withdrawn."""

    context_object_name = "statement"

    def get_queryset(self):
        return (
            Statement.objects.viewable()
            .select_related("notice")
            .prefetch_related(
                Prefetch("change_notes", queryset=StatementChangeNote.objects.newest_first(), to_attr="public_notes")
            )
        )
