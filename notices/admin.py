from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from notices import exports
from notices.forms import NoticeFilterForm
from notices.models import BestValueNotice, ImprovementArea, NoticeStatus


class StatusListFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return NoticeStatus.choices

    def queryset(self, request, queryset):
        if self.value() in NoticeStatus.values:
            return queryset.filter(status=self.value())
        return queryset


class NoticeDateFilter(admin.ListFilter):
    """A list filter with date inputs, validated by the public filters' form (``NoticeFilterForm``).

    A bad date is refused like any other bad admin lookup (the list shows its error
    page) rather than being ignored, so an auditor never reads an unfiltered list as filtered.
    """

    template = "admin/notices/date_filter.html"
    parameters = ()

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.parameters:
            if name in params:
                self.used_parameters[name] = params.pop(name)[-1]
        query = QueryDict(mutable=True)
        query.update(self.used_parameters)
        self.form = NoticeFilterForm(query)

    def expected_parameters(self):
        return list(self.parameters)

    def has_output(self):
        return True

    def values(self):
        if not self.form.is_valid():
            raise IncorrectLookupParameters(self.form.errors.as_text())
        return {name: self.form.cleaned_data.get(name) for name in self.parameters}

    def choices(self, changelist):
        yield {
            "fields": [(name, self.form[name].label, self.used_parameters.get(name, "")) for name in self.parameters],
            "hidden": [(name, value) for name, value in changelist.params.items() if name not in self.parameters],
            "clear_url": changelist.get_query_string(remove=self.parameters) if self.used_parameters else None,
        }


class IssuedBetweenFilter(NoticeDateFilter):
    title = "date issued (between)"
    parameters = ("issued_from", "issued_to")

    def queryset(self, request, queryset):
        values = self.values()
        return queryset.issued_between(values["issued_from"], values["issued_to"])


class InForceOnFilter(NoticeDateFilter):
    title = "day in force"
    parameters = ("in_force_on",)

    def queryset(self, request, queryset):
        day = self.values()["in_force_on"]
        return queryset.in_force_on(day) if day else queryset


class ImprovementAreaInline(admin.StackedInline):
    model = ImprovementArea
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "title", "detail", "progress", "progress_note", "progress_updated_on"]


@admin.register(BestValueNotice)
class BestValueNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "issued_on", "starts_on", "in_force_until_column", "status_column", "is_published"]
    list_filter = [IssuedBetweenFilter, InForceOnFilter, StatusListFilter, "is_published"]
    list_select_related = ["supersedes", "superseded_by"]
    search_fields = ["title", "slug", "issued_by", "summary", "improvement_areas__title"]
    date_hierarchy = "issued_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["supersedes"]
    readonly_fields = ["replaced_by", "status_today"]
    inlines = [ImprovementAreaInline]
    actions = ["export_as_csv"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "issued_by", "recipient", "issued_on"]}),
        (
            "When it is in force",
            {
                "fields": ["starts_on", "ends_on", "supersedes", "replaced_by", "withdrawn_on", "status_today"],
                "description": "Leave the dates blank to use the defaults: from the day it was issued, for six months.",
            },
        ),
        ("What it says", {"fields": ["summary", "source_url", "document"]}),
        ("Publishing", {"fields": ["is_published"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_as_csv(self, request, queryset):
        """The same CSV as the public export, for the ticked notices (drafts included, for officers)."""
        return exports.csv_response(queryset, request=request, name=exports.filename("csv", "selected"))

    @admin.display(description="in force until", ordering="in_force_until")
    def in_force_until_column(self, notice):
        return notice.in_force_until

    @admin.display(description="status today", ordering="status")
    def status_column(self, notice):
        return notice.get_status_display()

    @admin.display(description="status today")
    def status_today(self, notice):
        if notice.pk is None:
            return "Not saved yet"
        return notice.get_status_display()

    @admin.display(description="replaced by")
    def replaced_by(self, notice):
        try:
            successor = notice.superseded_by
        except BestValueNotice.DoesNotExist:
            return "No later notice replaces this one."
        url = reverse("admin:notices_bestvaluenotice_change", args=[successor.pk])
        state = "" if successor.is_published else " (draft)"
        return format_html(
            '<a href="{}">{}</a>, from {}{}', url, successor.title, date_format(successor.starts_on, "j F Y"), state
        )
