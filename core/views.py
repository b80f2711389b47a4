"""Views every public record shares: as it read on a day (``?on=``) and its public versions.

Content apps plug their own history functions into these mixins (``statements/history.py``,
``notices/history.py``); nothing here knows a content model.
"""

from django.http import Http404, HttpResponseBadRequest, HttpResponseNotFound
from django.shortcuts import render

from core.forms import AsItStoodForm
from core.records import NotPublicThen, url_on
from core.worddiff import diff_html, diff_text


class AsItReadMixin:
    """``?on=YYYY-MM-DD`` on a record's page: the record rebuilt from history as it read that day.

    A bad date answers 400 with the form's message; a record not public that day answers 404
    naming the first day it was public.
    """

    def as_read(self, slug, day):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        form = AsItStoodForm(request.GET)
        if not form.is_valid():
            return render(request, "records/bad_date.html", {"form": form}, status=HttpResponseBadRequest.status_code)
        day = form.cleaned_data["on"]
        if day is None:
            return super().get(request, *args, **kwargs)
        try:
            self.object = self.as_read(kwargs["slug"], day)
        except NotPublicThen as error:
            return render(
                request, "records/not_public.html", {"message": error.message}, status=HttpResponseNotFound.status_code
            )
        banner = {"day": day, "today_url": request.path}
        context = self.get_context_data(object=self.object, as_read=banner, on_query=url_on("", day))
        return self.render_to_response(context)


class VersionsMixin:
    """The record's public versions (``versions/``), one of them (``versions/<n>/``) and what
    changed in it (``versions/<n>/changes/``). Every page is ``noindex`` and its own canonical URL.

    A content app gives ``versions(pk)``, ``record_at(version)`` (the record as version n read,
    for its detail template) and ``comparison(record)`` (labelled values, rich text flagged).
    """

    page = "version"  # "list", "version" or "changes"

    def versions(self, pk):
        raise NotImplementedError

    def record_at(self, version):
        raise NotImplementedError

    def comparison(self, record):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        current = self.get_object()
        versions = self.versions(current.pk)
        context = {"record": current, "versions": versions, "noindex": True}
        if self.page == "list":
            return render(request, "records/versions.html", context)
        number = kwargs["number"]
        if not 1 <= number <= len(versions) or (self.page == "changes" and number == 1):
            raise Http404(f"{current._meta.verbose_name.capitalize()} has no version {number}.")
        version = versions[number - 1]
        self.object = self.record_at(version)
        context.update(version=version, latest=versions[-1])
        if self.page == "changes":
            before = self.comparison(self.record_at(versions[number - 2]))
            after = self.comparison(self.object)
            context["changes"] = compare(before, after)
            return render(request, "records/changes.html", context)
        context.update(self.get_context_data(object=self.object))
        return self.render_to_response(context)


def compare(before, after):
    """Each labelled value that differs, as word-by-word marked-up HTML: ``[(label, html, rich)]``."""
    old = {label: value for label, value, _rich in before}
    changes = []
    for label, value, rich in after:
        previous = old.pop(label, "")
        if previous != value:
            changes.append((label, (diff_html if rich else diff_text)(previous, value), rich))
    for label, value, rich in before:
        if label in old:
            changes.append((label, (diff_html if rich else diff_text)(value, ""), rich))
    return changes
