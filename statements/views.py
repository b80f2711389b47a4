from django.views.generic import DetailView, ListView

from statements.models import Statement


class PublishedStatementMixin:
    def get_queryset(self):
        return Statement.objects.published().select_related("notice")


class StatementListView(PublishedStatementMixin, ListView):
    paginate_by = 20
    context_object_name = "statements"

    def get_queryset(self):
        # The list shows title, date and summary: no body, no notice.
        return Statement.objects.published().defer("body")


class StatementDetailView(PublishedStatementMixin, DetailView):
    context_object_name = "statement"

    def get_queryset(self):
        # The page links to the notice by title and date; its summary is not shown.
        return super().get_queryset().defer("notice__summary")
