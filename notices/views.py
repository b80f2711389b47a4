from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from notices.models import BestValueNotice, NoticeChangeNote
from statements.models import Statement


class NoticeListView(ListView):
    paginate_by = 20
    context_object_name = "notices"
    template_name = "notices/notice_list.html"

    def get_queryset(self):
        return BestValueNotice.objects.published().for_listing()


class NoticeDetailView(DetailView):
    context_object_name = "notice"
    template_name = "notices/notice_detail.html"

    def get_queryset(self):
        return (
            BestValueNotice.objects.published()
            .with_status()
            .select_related("supersedes", "superseded_by")
            .prefetch_related(
                "improvement_areas",
                Prefetch("statements", queryset=Statement.objects.published(), to_attr="published_statements"),
                Prefetch("change_notes", queryset=NoticeChangeNote.objects.newest_first(), to_attr="public_notes"),
            )
        )
