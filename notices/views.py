from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, JsonResponse
from django.views import View
from django.views.generic import DetailView, ListView

from notices import exports
from notices.areas import areas_with_links, attach_progress_history, continuity
from notices.datapackage import data_package
from notices.forms import ExportOptionsForm, NoticeFilterForm
from notices.models import BestValueNotice, NoticeChangeNote
from notices.timeline import Timeline


class NoticeListView(ListView):
    """Published notices, newest issued first, narrowed by the auditors' filters; 400 on bad input."""

    paginate_by = 20
    context_object_name = "notices"
    template_name = "notices/notice_list.html"

    def get(self, request, *args, **kwargs):
        self.form = NoticeFilterForm(request.GET)
        if self.form.is_valid():
            return super().get(request, *args, **kwargs)
        self.object_list = BestValueNotice.objects.none()
        context = self.get_context_data()
        return self.render_to_response(context, status=HttpResponseBadRequest.status_code)

    def get_queryset(self):
        return self.form.filter(BestValueNotice.objects.published().for_listing())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query_string = self.form.query_string()
        context.update(
            form=self.form,
            query_string=query_string,
            # The timeline draws the notices on this page, so it follows the filters and stays
            # one page long however many years of notices there are.
            timeline=Timeline(context["object_list"]),
        )
        return context


class NoticeExportView(View):
    """The filtered list as CSV or JSON; bad filters get 400 with a plain-text or JSON error."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        form = NoticeFilterForm(request.GET)
        options = ExportOptionsForm(request.GET, with_bom=self.format == "csv")
        if not (form.is_valid() & options.is_valid()):
            return self.invalid({**form.error_list(), **options.error_list()})
        queryset = form.filter(BestValueNotice.objects.published())
        name = exports.filename(self.format, form.filename_part())
        if self.format == "json":
            return exports.json_response(queryset, name=name, filters=form.accepted_filters())
        return exports.csv_response(queryset, name=name, bom=options.cleaned_data["bom"] == "1")

    def invalid(self, errors):
        if self.format == "json":
            return JsonResponse({"errors": errors}, status=HttpResponseBadRequest.status_code)
        lines = ["The filters could not be used:"]
        lines += [f"{name}: {message}" for name, messages in errors.items() for message in messages]
        return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class NoticeDataPackageView(View):
    """The Data Package describing the CSV export with the same filters; bad filters get a JSON 400."""

    def get(self, request, *args, **kwargs):
        form = NoticeFilterForm(request.GET)
        if not form.is_valid():
            return JsonResponse({"errors": form.error_list()}, status=HttpResponseBadRequest.status_code)
        package = data_package(query_string=form.query_string(), description=form.description())
        return JsonResponse(package, json_dumps_params={"indent": 2, "ensure_ascii": False})


class NoticeDetailView(DetailView):
    context_object_name = "notice"
    template_name = "notices/notice_detail.html"

    def get_queryset(self):
        return (
            BestValueNotice.objects.published()
            .with_status()
            .with_chain_ends()
            .prefetch_related(
                areas_with_links(),
                Prefetch(
                    "statements",
                    # The statements app builds on this one, so its model is reached through the relation.
                    queryset=BestValueNotice.statements.rel.related_model.objects.published().defer("body"),
                    to_attr="published_statements",
                ),
                Prefetch("change_notes", queryset=NoticeChangeNote.objects.newest_first(), to_attr="public_notes"),
            )
        )

    def get_context_data(self, **kwargs):
        notice = self.object
        attach_progress_history([notice])
        areas = notice.improvement_areas.all()
        return super().get_context_data(areas=areas, continuity=continuity(notice, areas), **kwargs)
