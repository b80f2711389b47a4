from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from core.editorial_admin import AwaitingReviewFilter, ChangeNoteInline, EditorialAdminMixin
from statements.models import Statement, StatementChangeNote


class StatementChangeNoteInline(ChangeNoteInline):
    model = StatementChangeNote


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
                "fields": ["published_at", "public_state", "ready_for_review", "publication_record"],
                "description": "Editors send a draft for review; a Publisher checks it and uses “Publish now”, or "
                "“Schedule” with a future publication date: it then appears by itself at that moment.",
            },
        ),
        ("Withdrawal", {"fields": ["withdrawn_at", "withdrawal_reason"], "classes": ["collapse"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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

    preview_template = "statements/statement_detail.html"

    def preview_context(self, request, statement):
        statement.public_notes = list(statement.change_notes.all()) if statement.pk else []
        return {"statement": statement}

    def content_problems(self, statement):
        return statement.content_problems()
