from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.html import escape
from django.views import View
from django.views.generic import DetailView, ListView

from core.dates import long_date
from core.forms import redirect_to_iso
from core.records import url_on
from core.views import AsItReadMixin, VersionsMixin
from notices import exports, history
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
            if self.form.used_date_boxes():
                return redirect_to_iso(request, self.form)
            return super().get(request, *args, **kwargs)
        self.object_list = BestValueNotice.objects.none()
        context = self.get_context_data()
        return self.render_to_response(context, status=HttpResponseBadRequest.status_code)

    def get_queryset(self):
        day = self.form.as_read_on
        if day is not None:
            return history.filtered_rows(day, **self.form.filters())
        return self.form.filter(BestValueNotice.objects.published().for_public_page().for_listing())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query_string = self.form.query_string()
        day = self.form.as_read_on
        if day is not None:
            # As it read on a day: the page's rows rebuilt from history, links keeping the day.
            context["object_list"] = context["notices"] = history.rebuild_listed(context["object_list"], day)
            context.update(as_read={"day": day, "today_url": self.request.path}, on_query=url_on("", day))
        context.update(
            form=self.form,
            query_string=query_string,
            # The timeline draws the notices on this page, so it follows the filters and stays
            # one page long however many years of notices there are.
            timeline=Timeline(context["object_list"], day=day, past=day is not None),
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
        day = form.as_read_on
        if day is None:
            queryset = form.filter(BestValueNotice.objects.published())
        else:  # as it read on a day, rebuilt from history (status judged that day)
            queryset = history.rebuild_listed(history.filtered_rows(day, **form.filters()), day, areas=True)
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


class NoticeDetailView(AsItReadMixin, DetailView):
    """One notice; with ``?on=`` rebuilt from history as it read at the end of that day."""

    context_object_name = "notice"
    template_name = "notices/notice_detail.html"

    def as_read(self, slug, day):
        return history.notice_as_read(slug, day)

    def get_queryset(self):
        return (
            BestValueNotice.objects.published()
            .for_public_page()
            .with_status()
            .with_chain_ends()
            .prefetch_related(
                areas_with_links(),
                Prefetch(
                    "statements",
                    # The statements app builds on this one, so its model is reached through the relation.
                    queryset=BestValueNotice.statements.rel.related_model.objects.published()
                    .for_public_page()
                    .defer("body"),
                    to_attr="published_statements",
                ),
                Prefetch("change_notes", queryset=NoticeChangeNote.objects.newest_first(), to_attr="public_notes"),
            )
        )

    def get_context_data(self, **kwargs):
        notice = self.object
        areas = notice.improvement_areas.all()
        if kwargs.get("as_read"):
            # As it read on a day: the areas and progress recorded by then; where they went was not yet known.
            return super().get_context_data(areas=areas, continuity=None, **kwargs)
        attach_progress_history([notice])
        return super().get_context_data(areas=areas, continuity=continuity(notice, areas), **kwargs)


class NoticeVersionsView(VersionsMixin, DetailView):
    """The notice's public versions, one of them, or what changed in one."""

    context_object_name = "notice"
    template_name = "notices/notice_detail.html"

    def get_queryset(self):
        return BestValueNotice.objects.published().for_public_page()

    def get_context_data(self, **kwargs):
        # A version shows its areas as they read then; where they went later is not part of it.
        return super().get_context_data(areas=self.object.improvement_areas.all(), continuity=None, **kwargs)

    def versions(self, pk):
        return history.versions(pk)

    def record_at(self, version):
        return history.notice_version(version)

    def comparison(self, notice):
        """What the public reads of a notice, labelled, rich text flagged; areas with their progress."""
        predecessor = notice.published_predecessor
        areas = "".join(
            f"<h3>{escape(area.title)}</h3>{area.detail}<p>Progress: {escape(area.get_progress_display())}. "
            f"{escape(area.progress_note)}</p>"
            for area in notice.improvement_areas.all()
        )
        dates = (notice.issued_on, notice.starts_on, notice.ends_on, notice.withdrawn_on)
        issued_on, starts_on, ends_on, withdrawn_on = (long_date(day) if day else "" for day in dates)
        return [
            ("Title", notice.title, False),
            ("Issued by", notice.issued_by, False),
            ("Issued to", notice.recipient, False),
            ("Issued on", issued_on, False),
            ("In force from", starts_on, False),
            ("Due to run until", "No fixed end date" if notice.no_fixed_end else ends_on, False),
            ("Withdrawn on", withdrawn_on, False),
            ("Replaces", predecessor.title if predecessor else "", False),
            ("Published by the department", notice.source_url, False),
            ("Summary", notice.summary, True),
            ("Areas for improvement", areas, True),
        ]
