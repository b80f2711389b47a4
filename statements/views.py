from django.views.generic import DetailView, ListView

from statements.models import Statement


class PublishedStatementMixin:
    def get_queryset(self):
        return Statement.objects.published().select_related("notice")


class StatementListView(PublishedStatementMixin, ListView):
    paginate_by = 20
    context_object_name = "statements"


class StatementDetailView(PublishedStatementMixin, DetailView):
    context_object_name = "statement"
