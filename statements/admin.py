from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from statements.models import Statement


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "published_at", "public_state", "notice"]
    list_filter = ["is_published", "published_at", "notice"]
    list_select_related = ["notice"]
    search_fields = ["title", "slug", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["notice"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "notice"]}),
        ("Publishing", {"fields": ["published_at", "is_published"]}),
    ]

    @admin.display(description="shown to the public")
    def public_state(self, statement):
        if not statement.is_published:
            return "Draft"
        if statement.is_scheduled():
            local = timezone.localtime(statement.published_at)
            return f"Scheduled for {date_format(local, 'G:i')} on {date_format(local, 'j F Y')}"
        return "Published"
