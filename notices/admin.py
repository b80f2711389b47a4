from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

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


class ImprovementAreaInline(admin.StackedInline):
    model = ImprovementArea
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "title", "detail", "progress", "progress_note", "progress_updated_on"]


@admin.register(BestValueNotice)
class BestValueNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "issued_on", "starts_on", "in_force_until_column", "status_column", "is_published"]
    list_filter = [StatusListFilter, "is_published", "issued_on"]
    list_select_related = ["supersedes", "superseded_by"]
    search_fields = ["title", "slug", "issued_by", "summary", "improvement_areas__title"]
    date_hierarchy = "issued_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["supersedes"]
    readonly_fields = ["replaced_by", "status_today"]
    inlines = [ImprovementAreaInline]
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
