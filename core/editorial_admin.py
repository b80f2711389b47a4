"""What the statement and notice admins share: the publish rule, review, change notes, history.

The rule itself lives in ``core.publishing``; this module applies it to the admin form, the
list actions, restoring an old version and recovering a deleted record.
"""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from core import publishing
from core.admin_widgets import AccessibleWidgetsMixin
from core.conflicts import Conflict, Reason, changed_fields, describe_yours, posted_items
from core.editorial import ChangeKind
from core.history import compare_versions
from core.richtext import RichTextField, sanitize_html
from core.validators import CharacterLimitValidator

TRUTHY = {"on", "true", "1", "yes"}


class AwaitingReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("awaiting", "Drafts awaiting review"), ("unreviewed", "Published without review")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_review()
        if self.value() == "unreviewed":
            return queryset.published_without_review()
        return queryset


class ChangeNoteInline(admin.TabularInline):
    """A record's public change notes, read-only: they are added by saving a major change."""

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
        parent = self.parent_model._meta
        return request.user.has_perm(f"{parent.app_label}.view_{parent.model_name}")


class EditorialForm(forms.ModelForm):
    """Adds "major or minor change" and the public change note when a public record is edited."""

    change_kind = forms.ChoiceField(
        label="What kind of change is this?",
        choices=ChangeKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    change_note = forms.CharField(
        label="Public change note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For a major change: what changed and why, in a sentence. Shown on the page under "
        '"See all updates" with today\'s date.',
    )

    # The version of the record the form was opened at; the conflict page adds the version it
    # showed, and the officer's choice to apply their changes on top of it.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    apply_on_top = forms.BooleanField(widget=forms.HiddenInput, required=False)

    current_user = None  # set by EditorialAdminMixin.get_form
    conflict = None  # set by clean() when someone else saved the record after the form was opened
    previewing = False  # set by the preview, which shows what was typed and saves nothing

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.stored_version()
        if stored is not None:
            self.fields["opened_version"].initial = stored.version

    def check_version(self):
        """Refuse a save from a form someone else's save has overtaken, unless applied on top.

        The record is read again and locked, so of two saves at once the second sees the first.
        Applying on top keeps the fields the officer changed since they opened the form and
        leaves every other field as the other officer saved it.
        """
        instance = self.instance
        if self.previewing or instance.pk is None or instance.stored_version() is None:
            return  # a preview saves nothing; a new record, or a deleted one being recovered from history
        current = publishing.lock(instance)
        if current is None:
            return
        instance._stored_version = (instance.pk, current)  # the rules below judge what is stored now
        instance.version = current.version
        opened = self.cleaned_data.get("opened_version")
        if opened == current.version:
            return
        conflict = Conflict(model=type(instance), pk=instance.pk, opened_version=opened, current=current)
        opened_record = conflict.opened_record
        yours = changed_fields(self, opened_record.instance if opened_record else current)
        if self.cleaned_data.get("apply_on_top") and self.cleaned_data.get("seen_version") == current.version:
            for name in [name for name in self.cleaned_data if name not in yours]:
                if name in self._meta.model._meta._forward_fields_map:
                    del self.cleaned_data[name]  # not in cleaned_data: the instance keeps the stored value
            # Inlines (a notice's areas) apply on top the same way: what the officer saw is what
            # was stored before the first of the others' saves.
            instance.others_saved_from = conflict.saves_since[-1].history_date if conflict.saves_since else None
            return
        others = {diff.label.lower() for diff in conflict.changes_since}
        conflict.yours = describe_yours(self, yours, current, others)
        self.conflict = conflict
        raise forms.ValidationError(
            "Someone else saved this record after you opened it. Nothing was saved.", code="stale_version"
        )

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        schedule_field = self._meta.model.SCHEDULE_FIELD
        if "_schedule" in self.data and schedule_field in cleaned and cleaned[schedule_field] <= timezone.now():
            self.add_error(
                schedule_field,
                forms.ValidationError(
                    "To schedule, choose a publication date in the future, or use “Publish now”.",
                    code="schedule_in_past",
                ),
            )
        stored = self.instance.stored_version()
        model = type(self.instance)
        user = self.current_user
        if user is not None and not publishing.can_publish(user, model):
            for name in publishing.publication_fields(model):
                posted = str(self.data.get(name, "")).strip()
                by_hand = name not in self.fields and posted and (name != "is_published" or posted.lower() in TRUTHY)
                if by_hand and (stored is None or not getattr(stored, name)):
                    raise forms.ValidationError(
                        "Only Publishers can publish, unpublish or withdraw. Nothing was saved: "
                        'tick "Ready for review" to send the draft to a Publisher.',
                        code="publish_permission_required",
                    )
        return cleaned

    def _post_clean(self):
        # The model's clean() applies the change-note rule, so every path shares it.
        self.instance.change_kind = self.cleaned_data.get("change_kind") or None
        self.instance.change_note = self.cleaned_data.get("change_note", "")
        self.instance.change_user = self.current_user
        super()._post_clean()
        stored = self.instance.stored_version()
        # Asked after the model's clean(), which settles the kind of a change that is always major.
        if stored is not None and stored.is_public_record() and not self.instance.change_kind and not self.conflict:
            self.add_error(
                "change_kind",
                forms.ValidationError(
                    "This record is public: say whether this is a major change (the public is told) or a minor one.",
                    code="change_kind_required",
                ),
            )


def error_summary(form, formsets=()):
    """``[(message, anchor)]`` for every error on an admin form and its inlines, in page order.

    The anchor is the id of the field to fix (or of the inline area, for an error about a whole
    area or the whole list), so each message in the summary links to its field; None for an error
    about the whole form, which has no one place to go.
    """
    entries = [(str(error), None) for error in form.non_field_errors()]
    for field in form:
        entries += [(f"{field.label}: {error}", field.id_for_label) for error in field.errors]
    for formset in formsets:
        name = str(formset.model._meta.verbose_name).capitalize()
        entries += [(str(error), f"{formset.prefix}-group") for error in formset.non_form_errors()]
        for index, inline_form in enumerate(formset.forms, start=1):
            row = f"{formset.prefix}-{index - 1}"
            entries += [(f"{name} {index}: {error}", row) for error in inline_form.non_field_errors()]
            for field in inline_form:
                entries += [(f"{name} {index}, {field.label}: {error}", field.id_for_label) for error in field.errors]
    return entries


class EditorialAdminMixin(AccessibleWidgetsMixin):
    """Mix into a ``SimpleHistoryAdmin`` for a model built on ``core.editorial.EditorialModel``."""

    form = EditorialForm

    class Media:
        css = {"all": ["css/admin-editorial.css", "css/admin-richtext.css"]}
        js = ["js/character-count.js", "js/error-summary.js"]

    object_history_template = "admin/editorial/object_history.html"
    change_list_template = "admin/editorial/change_list.html"
    change_form_template = "admin/editorial/change_form.html"
    actions = ["mark_ready_for_review", "publish_selected", "unpublish_selected"]
    editorial_readonly_fields = ["publication_record"]
    change_note_fieldset = (
        "Change note",
        {
            "fields": ["change_kind", "change_note"],
            "description": "This record is public. A major change (any date, the notice it replaces or "
            "responds to, an improvement area's wording, or anything the public should know) needs a "
            "change note; a minor change (a typo) does not.",
        },
    )

    # -- permissions --------------------------------------------------------------------------

    def can_publish(self, request):
        return publishing.can_publish(request.user, self.model)

    def has_publish_permission(self, request):
        return self.can_publish(request)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or publishing.can_change(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj)) + self.editorial_readonly_fields
        if not self.can_publish(request):
            fields += [name for name in publishing.publication_fields(self.model) if name not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        stored = obj.stored_version() if obj is not None else None
        if stored is not None:
            # Hidden: the version the form is opened at, so a save it is overtaken by is noticed.
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], "opened_version"]})
        if stored is not None and stored.is_public_record():
            fieldsets.append(self.change_note_fieldset)
        return fieldsets

    def get_inlines(self, request, obj):
        # A new record has no change notes; leaving the list out keeps the add form simple.
        inlines = super().get_inlines(request, obj)
        if obj is None:
            inlines = [inline for inline in inlines if not getattr(inline, "lists_change_notes", False)]
        return inlines

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.current_user = request.user
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        limit = getattr(formfield, "max_length", None)
        if isinstance(formfield, forms.CharField) and limit and not getattr(db_field, "choices", None):
            # Nothing typed is lost: no browser ``maxlength`` to cut the text off silently; the
            # field counts as the officer types and the server refuses the excess, text kept.
            formfield.widget.attrs.pop("maxlength", None)
            formfield.widget.attrs["data-character-limit"] = limit
            formfield.validators = [
                CharacterLimitValidator(limit) if isinstance(v, MaxLengthValidator) else v for v in formfield.validators
            ]
            limit_hint = f"At most {limit} characters."
            if str(limit) not in str(formfield.help_text):
                formfield.help_text = f"{formfield.help_text} {limit_hint}".strip()
        return formfield

    # -- saving -------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            response = self.changed_state_response(request, object_id)
            if response is not None:
                return response
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changed_state_response(self, request, object_id):
        """The conflict page for a record deleted, or taken out of the officer's hands, while they typed.

        Without it an Editor whose draft was published meanwhile would get a bare 403, and one
        whose record was deleted a redirect: either way their text would be gone.
        """
        opened = request.POST.get("opened_version", "")
        if not opened.isdigit():
            return None
        pk = self._check_pk(unquote(object_id))
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            if not self.has_view_or_change_permission(request):
                return None
            conflict = Conflict(model=self.model, pk=pk, opened_version=int(opened), reason=Reason.DELETED)
            if conflict.opened_record is None:
                return None
            base = conflict.opened_record.instance
        elif obj.version != int(opened) and not self.has_change_permission(request, obj):
            if not self.has_view_permission(request, obj):
                return None
            conflict = Conflict(model=self.model, pk=pk, opened_version=int(opened), current=obj, reason=Reason.LOCKED)
            base = conflict.opened_record.instance if conflict.opened_record else obj
        else:
            return None
        form = self.editable_form(request, base)
        names = changed_fields(form, base)
        conflict.yours = describe_yours(
            form, names, conflict.current, {d.label.lower() for d in conflict.changes_since}
        )
        return self.render_conflict(request, conflict)

    def editable_form(self, request, base):
        """The form an officer who may change ``base`` would have sent, bound to what was posted."""
        fields = [
            name
            for name in flatten_fieldsets(self.get_fieldsets(request, base))
            if name not in self.get_readonly_fields(request, base)
        ]
        form_class = forms.modelform_factory(
            self.model,
            form=self.form,
            fields=fields,
            formfield_callback=partial(self.formfield_for_dbfield, request=request),
        )
        return form_class(request.POST, request.FILES, instance=base)

    def render_conflict(self, request, conflict):
        """The conflict page: who saved since, what changed, the officer's changes and their text kept."""
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Not saved: “{conflict.current or opts.verbose_name}” changed while you were editing it",
            "opts": opts,
            "conflict": conflict,
            "posted": posted_items(request.POST, drop=("csrfmiddlewaretoken", "seen_version", "apply_on_top")),
            "files": [upload.name for upload in request.FILES.values()],
            "action_url": request.get_full_path(),
            "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[conflict.pk]),
            "can_recover": self.has_add_permission(request) and self.has_delete_permission(request),
            # The inlines the officer edits with the record (a notice's areas), applied on top too.
            "inline_names": [
                str(inline.model._meta.verbose_name_plural)
                for inline in self.get_inline_instances(request, conflict.current)
                if inline.has_change_permission(request, conflict.current)
            ]
            if conflict.current is not None
            else [],
        }
        return TemplateResponse(request, "admin/editorial/conflict.html", context, status=409)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        conflict = getattr(context["adminform"].form, "conflict", None)
        if conflict is not None:
            return self.render_conflict(request, conflict)
        form = context["adminform"].form
        if request.method == "POST" and form.errors:
            self.ask_for_files_again(request, form)
        if request.method == "GET" and obj is not None:
            self.warn_of_content_problems(request, obj)
        if context.get("errors"):
            # One summary at the top linking to each field, instead of Django's unlinked banner.
            context["error_summary"] = error_summary(
                form, [admin.formset for admin in context["inline_admin_formsets"]]
            )
            context["errors"] = None
        may_edit = add or self.has_change_permission(request, obj)
        stored = obj.stored_version() if obj is not None and obj.pk is not None else None
        context["editorial_buttons"] = self.editorial_buttons(request, stored) if may_edit else []
        opts = self.model._meta
        if not may_edit:
            pass  # an unsaved change can only be previewed by someone who may make it
        elif stored is not None:
            context["preview_url"] = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])
        elif self.preview_new:
            context["preview_url"] = reverse(f"admin:{opts.app_label}_{opts.model_name}_preview_new")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editorial_buttons(self, request, stored):
        """One row of buttons, each saying what it does: (name, label, is the main action)."""
        if stored is not None and stored.is_published:
            return [("_save", "Save correction", True)]
        buttons = [("_save", "Save draft", False)]
        if self.can_publish(request):
            buttons.append(("_publish", "Publish now", True))
            if self.model.SCHEDULE_FIELD:
                buttons.append(("_schedule", "Schedule", False))
        elif stored is None or not stored.ready_for_review:
            buttons.append(("_send_for_review", "Send for review", True))
        return buttons

    def ask_for_files_again(self, request, form):
        """Say plainly that a file chosen before a validation error must be chosen again.

        Browsers never refill a file input, and keeping an unsaved upload between requests would
        mean storing files nobody has checked or published.
        """
        for name, upload in request.FILES.items():
            if name in form.fields and name not in form.errors:
                form.add_error(
                    name,
                    ValidationError(
                        "The file you chose (%(file)s) was not saved because of the other errors on this "
                        "page: choose it again before saving.",
                        code="file_not_kept",
                        params={"file": upload.name},
                    ),
                )

    def save_model(self, request, obj, form, change):
        if "_publish" in request.POST or "_schedule" in request.POST:
            publishing.require_publish_permission(request.user, self.model)
            obj.is_published = True
            schedule_field = self.model.SCHEDULE_FIELD
            if "_publish" in request.POST and schedule_field and getattr(obj, schedule_field) > timezone.now():
                setattr(obj, schedule_field, timezone.now())  # "Publish now" means now
        elif "_send_for_review" in request.POST and not obj.is_published:
            obj.ready_for_review = True
        stored = obj.stored_version()
        recovered_published = change and stored is None and obj.is_published
        if recovered_published:
            # A deleted record comes back as a draft awaiting review, never straight onto the
            # public site: someone checks it before the public sees it again.
            for name in publishing.publication_fields(self.model):
                setattr(obj, name, obj._meta.get_field(name).get_default())
            obj.ready_for_review = True
            obj._change_reason = f"Recovered by {request.user.get_username()} as a draft awaiting review"
        if stored is not None and not self.can_publish(request):
            # Restoring an old version never changes whether the record is public.
            for name in publishing.publication_fields(self.model):
                setattr(obj, name, getattr(stored, name))
        publishing.prepare_publication_change(obj=obj, stored=stored, user=request.user)
        obj.change_user = request.user
        # Checked before saving: the sanitizer turns an h1 into an h2, so only the text as typed shows it.
        problems = self.content_problems(obj)
        super().save_model(request, obj, form, change)
        self.report_content_problems(request, obj, problems)
        if obj.is_published and (stored is None or not stored.is_published) and obj.published_without_review:
            messages.info(request, f"“{obj}” was published without review; the history records this.")
        if recovered_published:
            messages.info(request, f"“{obj}” is back as a draft awaiting review: publish it again when it is checked.")

    # -- list actions -------------------------------------------------------------------------

    @admin.action(description="Mark selected drafts ready for review", permissions=["change"])
    def mark_ready_for_review(self, request, queryset):
        done = 0
        for obj in queryset.drafts().filter(ready_for_review=False):
            publishing.mark_ready_for_review(obj=obj, user=request.user)
            done += 1
        message = ngettext(
            "%(count)d draft sent to the Publishers for review.",
            "%(count)d drafts sent to the Publishers for review.",
            done,
        )
        self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description="Publish selected drafts", permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = 0
        for obj in queryset.drafts():
            for problem in self.content_problems(obj):
                messages.warning(request, f"“{obj}”: {problem}")
            try:
                publishing.publish(obj=obj, user=request.user)
            except publishing.AlreadyPublished as done:
                who = done.current.published_by.get_username() if done.current.published_by else "someone else"
                messages.warning(request, f"“{obj}” had just been published by {who}: you did not publish it again.")
                continue
            published += 1
        message = ngettext("%(count)d record published.", "%(count)d records published.", published)
        self.message_user(request, message % {"count": published}, messages.SUCCESS)

    @admin.action(description="Unpublish selected (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = 0
        for obj in queryset.marked_published():
            publishing.unpublish(obj=obj, user=request.user)
            count += 1
        message = ngettext(
            "%(count)d record taken back to draft: the public no longer sees it.",
            "%(count)d records taken back to draft: the public no longer sees them.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    # -- display ------------------------------------------------------------------------------

    @admin.display(description="publication record")
    def publication_record(self, obj):
        if obj is None or obj.pk is None:
            return "Not saved yet."
        parts = []
        if obj.ready_for_review and not obj.is_published:
            who = obj.review_requested_by.get_username() if obj.review_requested_by else "an editor"
            parts.append(f"Ready for review (sent by {who}).")
        if obj.is_published and not obj.first_published_at:
            parts.append("Published before publication was recorded.")
        if obj.first_published_at:
            who = obj.published_by.get_username() if obj.published_by else "someone"
            when = localtime(obj.first_published_at)
            how = " without review" if obj.published_without_review else " after review"
            parts.append(f"Published{how} by {who}, first on {date_format(when, 'j F Y')}.")
        return " ".join(parts) or "Draft."

    def content_problems(self, obj):
        """Accessibility problems in the record's text: override per model."""
        return []

    def warn_of_content_problems(self, request, obj):
        """List the record's accessibility problems when an officer opens it, before anyone publishes."""
        if request.session.pop(f"content_checked_{self.model._meta.label_lower}_{obj.pk}", False):
            return  # just saved: the problems were reported then, with the text as typed
        self.report_content_problems(request, obj, self.content_problems(obj))

    def report_content_problems(self, request, obj, problems):
        """Accessibility problems as warnings on the page the officer sees next, each linking to its field."""
        if not problems:
            return
        if obj.pk is not None:
            request.session[f"content_checked_{self.model._meta.label_lower}_{obj.pk}"] = True
        count = len(problems)
        messages.warning(
            request, f"Check before publishing: {count} accessibility problem{'s' if count != 1 else ''} in the text."
        )
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]) if obj.pk else ""
        field_names = {str(f.verbose_name).lower(): f.name for f in opts.concrete_fields}
        for problem in problems:
            name = field_names.get(problem.field.lower())
            if name and change_url:
                messages.warning(request, format_html('<a href="{}#id_{}">{}</a>', change_url, name, str(problem)))
            else:
                messages.warning(request, str(problem))

    # -- preview ----------------------------------------------------------------------------

    preview_template = None  # the public page's template, set per model
    preview_new = True  # whether a record never saved can be previewed from the add form

    def preview_context(self, request, obj):
        """What the public page's template needs besides the record: override per model."""
        return {}

    def get_view_on_site_url(self, obj=None):
        # The public page of a draft does not exist yet: "View on site" opens its preview.
        if obj is not None and obj.pk is not None and not obj.is_public_record():
            opts = self.model._meta
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])
        return super().get_view_on_site_url(obj)

    def preview_view(self, request, object_id=None):
        """The record, or the unsaved change posted from its form, in the public layout. Saves nothing.

        Only for staff who may view the record (and, for an unsaved change, change it); never
        cached (``admin_view``) and never indexed.
        """
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404("Unknown record.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            if obj is None and not self.preview_new:
                raise Http404("Save this as a draft first, then preview it.")
            may_edit = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
            if not may_edit:
                raise PermissionDenied
            form = self.get_form(request, obj, change=obj is not None)(request.POST, request.FILES, instance=obj)
            form.previewing = True
            form.is_valid()
            model_fields = {f.name for f in self.model._meta.concrete_fields}
            errors = [
                (form.fields[name].label, messages_) for name, messages_ in form.errors.items() if name in model_fields
            ]
            if errors:
                context = {
                    **self.admin_site.each_context(request),
                    "title": "Preview not possible yet",
                    "errors": errors,
                }
                context["opts"] = self.model._meta
                return TemplateResponse(request, "admin/editorial/preview_errors.html", context, status=400)
            obj = form.instance
        elif obj is None:
            raise Http404("Nothing to preview.")
        for model_field in self.model._meta.concrete_fields:
            if isinstance(model_field, RichTextField):  # the public page marks rich text safe
                setattr(obj, model_field.attname, sanitize_html(getattr(obj, model_field.attname)))
        if request.method == "POST":
            preview = "Your unsaved changes, shown only to you. Close this tab to go back to the form."
        elif obj.is_public_record():
            preview = "The saved version, which the public can see."
        else:
            preview = "A draft, shown only to officers."
        context = {"preview": preview, "canonical_url": "", **self.preview_context(request, obj)}
        response = TemplateResponse(request, self.preview_template, context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    # -- history: compare, restore, recover ----------------------------------------------------

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        urls = [
            path("preview/", self.admin_site.admin_view(self.preview_view), name="{}_{}_preview_new".format(*info)),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name="{}_{}_deleted".format(*info)),
        ]
        return urls + super().get_urls()

    def _versions(self, object_id):
        """A record's versions, newest first, with who saved each (the pages print it for every one)."""
        return (
            self.model.history.filter(**{self.model._meta.pk.attname: object_id})
            .select_related("history_user")
            .order_by("-history_date")
        )

    def history_view(self, request, object_id, extra_context=None):
        self._check_pk(object_id)
        versions = self._versions(object_id)
        context = {"versions": versions[:500], **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def _check_pk(self, object_id):
        try:
            return self.model._meta.pk.to_python(object_id)
        except ValidationError as error:
            raise Http404("Unknown record.") from error

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_pk(object_id)
        if not str(version_id).isdigit():
            raise Http404("Unknown version.")
        recovering = False
        if request.method == "POST":
            current = self.model._base_manager.filter(pk=object_id).first()
            if current is None:
                # Recovering a deleted record: only those who may delete may bring one back.
                if not (self.has_add_permission(request) and self.has_delete_permission(request)):
                    raise PermissionDenied
                recovering = True
            elif not self.has_change_permission(request, current):
                raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        recovered = self.model._base_manager.filter(pk=object_id).first() if recovering else None
        if recovered is not None:
            self.after_recovery(request, recovered)
        return response

    def after_recovery(self, request, obj):
        """Called once a deleted record has been brought back from history: override per model."""

    def compare_view(self, request, object_id):
        object_id = self._check_pk(object_id)
        versions = self._versions(object_id)
        latest = versions.first()
        if latest is None:
            raise Http404("No history for this record.")
        if not self.has_view_history_or_change_history_permission(request, latest.instance):
            raise PermissionDenied
        newer_id, older_id = request.GET.get("newer", ""), request.GET.get("older", "")
        if not (newer_id.isdigit() or newer_id == "") or not (older_id.isdigit() or older_id == ""):
            raise Http404("Unknown version.")
        newer = get_object_or_404(versions, history_id=newer_id) if newer_id else latest
        if older_id:
            older = get_object_or_404(versions, history_id=older_id)
        else:
            older = versions.filter(history_date__lt=newer.history_date).first() or newer
        if older.history_date > newer.history_date:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions of “{latest.instance}”",
            "opts": self.model._meta,
            "object": latest.instance,
            "object_id": object_id,
            "versions": versions[:500],
            "older": older,
            "newer": newer,
            "diffs": compare_versions(self.model, older, newer),
            "history_url": reverse(
                f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_history", args=[object_id]
            ),
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def deleted_view(self, request):
        """Deleted records, each with a link to its last version, from which it can be restored."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        pk_name = self.model._meta.pk.attname
        existing = self.model._base_manager.values(pk_name)
        deletions = list(
            self.model.history.filter(history_type="-")
            .exclude(**{f"{pk_name}__in": existing})
            .select_related("history_user")
            .order_by("-history_date")[:200]
        )
        # The last saved version of each, in one query: the newest non-deletion version per record.
        last_saved = {}
        saved_versions = (
            self.model.history.filter(**{f"{pk_name}__in": [getattr(d, pk_name) for d in deletions]})
            .exclude(history_type="-")
            .only(pk_name, "history_id", "history_date")
            .order_by("-history_date")
        )
        for version in saved_versions:
            last_saved.setdefault(getattr(version, pk_name), version)
        rows = [(deletion, last_saved.get(getattr(deletion, pk_name))) for deletion in deletions]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "rows": rows,
            "can_recover": self.has_add_permission(request) and self.has_delete_permission(request),
        }
        return TemplateResponse(request, "admin/editorial/deleted.html", context)
