from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core import publishing
from core.editorial import ChangeKind
from core.editorial_admin import AwaitingReviewFilter, ChangeNoteInline, EditorialAdminMixin
from core.richtext import RichTextField, sanitize_html
from notices import exports, services
from notices.areas import continuity
from notices.forms import NoticeFilterForm
from notices.models import BestValueNotice, ImprovementArea, NoticeChangeNote, NoticeStatus


class StatusListFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return NoticeStatus.choices

    def queryset(self, request, queryset):
        if self.value() in NoticeStatus.values:
            return queryset.with_status_today(self.value())
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


class ImprovementAreaFormSet(BaseInlineFormSet):
    """The areas of a notice. Removing an area of a public notice is a major change.

    Adding or rewording one is checked by ``ImprovementArea.clean()`` on every path; a deletion
    never reaches a model's ``clean()``, so the formset checks it.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "carried_from" in form.fields:
            # An area continues only an area of the notice this one replaces (the model refuses any
            # other), so only those are offered; before that notice is chosen and saved, none are.
            predecessor_id = self.instance.supersedes_id
            form.fields["carried_from"].queryset = ImprovementArea.objects.filter(notice_id=predecessor_id)
            if predecessor_id is None:
                form.fields[
                    "carried_from"
                ].help_text = "Choose the notice this notice replaces and save; its areas are then offered here."

    def clean(self):
        super().clean()
        self.keep_others_changes()
        self.number_in_form_order()
        notice = self.instance
        if not any(self._should_delete_form(form) for form in self.forms if form.instance.pk):
            return
        stored = notice.stored_version() if notice.pk else None
        if stored is not None and stored.is_public_record() and notice.change_kind != ChangeKind.MAJOR:
            raise forms.ValidationError(
                "Removing an improvement area of a published notice is a major change: choose "
                "“Major change” below and write a change note for the public.",
                code="major_change_required",
            )

    def keep_others_changes(self):
        """Applying on top: an area's field the officer left as they saw it keeps what others saved since.

        The notice's own fields are merged by its form; without this, the areas posted from the
        stale form would put back the wording someone else had changed meanwhile.
        """
        since = getattr(self.instance, "others_saved_from", None)
        if since is None or any(form.errors for form in self.forms):
            return
        history = ImprovementArea.history
        for form in self.forms:
            area = form.instance
            if area.pk is None:
                continue
            seen = history.filter(id=area.pk, history_date__lt=since).order_by("-history_date").first()
            current = ImprovementArea._base_manager.filter(pk=area.pk).first()
            if seen is None or current is None:
                continue
            for name in form.fields:
                try:
                    model_field = ImprovementArea._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                if not model_field.concrete or model_field.primary_key:
                    continue
                posted, saw = getattr(area, model_field.attname), getattr(seen, model_field.attname)
                if isinstance(model_field, RichTextField):
                    posted, saw = sanitize_html(posted), sanitize_html(saw)
                if posted == saw:
                    kept = getattr(current, model_field.attname)
                    setattr(area, model_field.attname, kept)
                    if name in form.cleaned_data:
                        form.cleaned_data[name] = getattr(current, name)

    def number_in_form_order(self):
        """Positions 1..N in the order the areas stand on the form; an area without one goes last.

        The "Move up" and "Move down" buttons renumber the positions as they move an area, and an
        officer without JavaScript types them, so the order submitted is the order of the positions
        (the form's order breaks ties). Saved positions are always 1..N, whatever was typed.
        """
        if any(form.errors for form in self.forms):
            return
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        last = float("inf")
        kept.sort(key=lambda item: (item[1].cleaned_data.get("position") or last, item[0]))
        for position, (_, form) in enumerate(kept, start=1):
            if form.cleaned_data.get("position") != position or form.instance.position != position:
                form.cleaned_data["position"] = position
                form.instance.position = position
                if "position" not in form.changed_data:
                    # Saved even when nothing else on the area changed: its place did.
                    form.changed_data.append("position")


class ImprovementAreaInline(admin.StackedInline):
    model = ImprovementArea
    formset = ImprovementAreaFormSet
    extra = 0
    fields = ["position", "title", "detail", "carried_from", "progress", "progress_note", "progress_updated_on"]

    class Media:
        js = ["js/area-order.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["min_value"] = 1  # positions count from 1, as the model checks
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "carried_from":
            field.label_from_instance = lambda area: f"{area.position}. {area.title}"
            field.empty_label = "None: new in this notice"
        return field

    # Editors change the areas of drafts; once the notice is published only Publishers do.
    def _may_edit(self, request, obj):
        return obj is None or publishing.can_change(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


class NoticeChangeNoteInline(ChangeNoteInline):
    model = NoticeChangeNote


@admin.register(BestValueNotice)
class BestValueNoticeAdmin(EditorialAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title", "issued_on", "starts_on", "in_force_until_column", "status_column", "is_published", "ready_for_review",
    ]  # fmt: skip
    list_filter = [IssuedBetweenFilter, InForceOnFilter, StatusListFilter, AwaitingReviewFilter, "is_published"]
    search_fields = ["title", "slug", "issued_by", "summary", "improvement_areas__title"]
    date_hierarchy = "issued_on"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["supersedes"]
    readonly_fields = ["replaced_by", "status_today"]
    inlines = [ImprovementAreaInline, NoticeChangeNoteInline]
    actions = [*EditorialAdminMixin.actions, "export_as_csv"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "issued_by", "recipient", "issued_on"]}),
        (
            "When it is in force",
            {
                "fields": [
                    "starts_on",
                    "ends_on",
                    "no_fixed_end",
                    "supersedes",
                    "replaced_by",
                    "withdrawn_on",
                    "status_today",
                ],
                "description": (
                    "Leave the dates blank to use the defaults: from the day it was issued, for six months. "
                    "For a notice that sets no end date, tick “no fixed end date” instead."
                ),
            },
        ),
        ("What it says", {"fields": ["summary", "source_url", "document"]}),
        (
            "Publishing",
            {
                "fields": ["ready_for_review", "publication_record"],
                "description": "Editors send a draft for review; a Publisher checks the notice and uses “Publish now”.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    def after_recovery(self, request, obj):
        restored = services.restore_areas_deleted_with(obj)
        if restored:
            message = ngettext(
                "The improvement area deleted with the notice was restored too.",
                "The %(count)d improvement areas deleted with the notice were restored too.",
                len(restored),
            )
            messages.info(request, message % {"count": len(restored)})

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_as_csv(self, request, queryset):
        """The same CSV as the public export, for the ticked notices (drafts included, for officers)."""
        return exports.csv_response(queryset, name=exports.filename("csv", "selected"))

    # A notice with no fixed end date that nothing has ended sorts as the latest to end, on both databases.
    @admin.display(description="in force until", ordering=F("in_force_until").asc(nulls_last=True))
    def in_force_until_column(self, notice):
        if notice.in_force_until is None:
            return "No fixed end date"
        return notice.in_force_until

    @admin.display(description="status today", ordering="status")
    def status_column(self, notice):
        # A draft is in force nowhere: its dates say what it will do once published.
        return notice.get_status_display() if notice.is_published else "Draft"

    @admin.display(description="status today")
    def status_today(self, notice):
        if notice.pk is None:
            return "Not saved yet"
        if not notice.is_published:
            return f"Draft (once published: {notice.get_status_display().lower()})"
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

    preview_template = "notices/notice_detail.html"
    # The page lists the notice's improvement areas, which an unsaved notice cannot have yet.
    preview_new = False

    def preview_context(self, request, notice):
        notice.fill_default_dates()
        notice.in_force_until = notice.compute_in_force_until()
        notice.status = notice.status_on()
        notice.public_notes = list(notice.change_notes.all())
        statements = BestValueNotice.statements.rel.related_model.objects.published().filter(notice=notice)
        notice.published_statements = list(statements.defer("body"))
        areas = notice.improvement_areas.all()
        # Where the areas came from, as the public page will say once it is published.
        return {"notice": notice, "areas": areas, "continuity": continuity(notice, areas)}

    def content_problems(self, notice):
        # A notice not saved yet has no improvement areas to check.
        return notice.content_problems(areas=[] if notice.pk is None else None)

    def history_view(self, request, object_id, extra_context=None):
        # Improvement areas are edited on their notice, so their versions are shown with it.
        area_versions = (
            ImprovementArea.history.filter(notice_id=self._check_pk(object_id))
            .select_related("history_user")
            .order_by("-history_date")[:500]
        )
        context = {"area_versions": area_versions, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)
