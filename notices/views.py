from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from notices.models import NOTICE_RICH_TEXT, BestValueNotice
from statements.models import Statement


class NoticeListView(ListView):
    paginate_by = 20
    context_object_name = "notices"
    template_name = "notices/notice_list.html"

    def get_queryset(self):
        return BestValueNotice.objects.published().for_listing().defer(*NOTICE_RICH_TEXT)


class NoticeDetailView(DetailView):
    context_object_name = "notice"
    template_name = "notices/notice_detail.html"

    def get_queryset(self):
        return (
            BestValueNotice.objects.published()
            .with_status()
            .select_related("supersedes", "superseded_by")
            .defer("supersedes__summary", "superseded_by__summary")
            .prefetch_related(
                "improvement_areas",
                Prefetch(
                    "statements",
                    queryset=Statement.objects.published().defer("body"),
                    to_attr="published_statements",
                ),
            )
        )
