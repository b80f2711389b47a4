from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from core.content_checks import check_statement
from core.editorial_admin import AwaitingReviewFilter, EditorialAdminMixin
from statements.models import Statement, StatementChangeNote


class StatementChangeNoteInline(admin.TabularInline):
    model = StatementChangeNote
    extra = 0
    fields = ["made_at", "note", "made_by"]
    readonly_fields = fields
    can_delete = False
    lists_change_notes = True
    verbose_name_plural = "Public change notes (added by saving a major change)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may see the record may see its public change notes.
        return request.user.has_perm("statements.view_statement")


@admin.register(Statement)
class StatementAdmin(EditorialAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "published_at", "public_state", "ready_for_review", "notice"]
    list_filter = [AwaitingReviewFilter, "is_published", "published_at", "notice"]
    list_select_related = ["notice"]
    search_fields = ["title", "slug", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["notice"]
    readonly_fields = ["public_state"]
    inlines = [StatementChangeNoteInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "notice"]}),
        (
            "Publishing",
            {
                "fields": ["published_at", "public_state", "ready_for_review", "is_published", "publication_record"],
                "description": "Editors tick “Ready for review”; a Publisher checks the draft and publishes it. "
                "A future publication date schedules the statement: it appears by itself at that moment.",
            },
        ),
        ("Withdrawal", {"fields": ["withdrawn_at", "withdrawal_reason"], "classes": ["collapse"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.withdrawn_at:
            # Open the withdrawal section when there is something in it.
            fieldsets = [
                (name, {**opts, "classes": []}) if name == "Withdrawal" else (name, opts) for name, opts in fieldsets
            ]
        return fieldsets

    @admin.display(description="shown to the public")
    def public_state(self, statement):
        if statement is None or statement.pk is None or not statement.is_published:
            return "Ready for review" if statement and statement.ready_for_review else "Draft"
        if statement.is_withdrawn():
            return f"Withdrawn on {date_format(timezone.localtime(statement.withdrawn_at), 'j F Y')}"
        if statement.is_scheduled():
            local = timezone.localtime(statement.published_at)
            return f"Scheduled for {date_format(local, 'G:i')} on {date_format(local, 'j F Y')}"
        return "Published"

    def content_problems(self, statement):
        return check_statement(statement)
