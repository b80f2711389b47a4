import datetime
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseBadRequest
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import RedirectView, TemplateView

from core.dates import as_it_stood_moment, local_today
from core.forms import AsItStoodForm, SearchForm, redirect_to_iso
from core.records import url_on
from notices import history as notice_history
from notices.models import BestValueNotice
from notices.timeline import Timeline
from statements import history as statement_history
from statements.models import Statement
from transparency import search

logger = logging.getLogger(__name__)

LATEST_STATEMENTS = 5
# The index lists the most recent notices in brief; the notices list pages through the rest.
RECENT_NOTICES = 10


class SignpostsMixin:
    """What the home and Governance pages lead straight to: the notice in force today (or, with
    none, the last one in force), the latest statement and the list of notices."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context.update(self.signposts())
        except DatabaseError:
            # A database outage degrades these pages, never takes them down: the links to the
            # section stay, the sentences about the latest records are left out.
            logger.warning("Database unavailable; home page signposts left out.", exc_info=True)
        return context

    @staticmethod
    def signposts():
        today = local_today()
        notices = BestValueNotice.objects.published().for_public_page()
        in_force = notices.in_force_on(today).with_status(today).with_chain_ends().order_by("-issued_on", "-pk")
        notice_in_force = in_force.first()
        return {
            "notice_in_force": notice_in_force,
            "last_in_force": None if notice_in_force else notices.last_in_force_before(today),
            "latest_statement": Statement.objects.published().for_public_page().defer("body").first(),
        }


class HomeView(SignpostsMixin, TemplateView):
    template_name = "transparency/home.html"


class GovernanceView(SignpostsMixin, TemplateView):
    template_name = "transparency/governance.html"


class AccessibilityView(TemplateView):
    """The accessibility statement, as UK public sector bodies publish one."""

    template_name = "transparency/accessibility.html"
    extra_context = {
        # Update these when the site is tested again or the statement is reviewed.
        "last_tested_on": datetime.date(2026, 11, 26),
        "statement_prepared_on": datetime.date(2026, 11, 26),
    }


class SearchView(TemplateView):
    """Search published statements and notices; the work is done by ``transparency.search``."""

    template_name = "transparency/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=form, query="", results=None)
            return self.render_to_response(context, status=HttpResponseBadRequest.status_code)
        query = form.cleaned_data["q"]
        results = search.search(query) if query else None
        return self.render_to_response(self.get_context_data(form=form, query=query, results=results))

    def get_context_data(self, **kwargs):
        return super().get_context_data(max_results=search.MAX_RESULTS, **kwargs)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sitemap_url=settings.SITE_URL + reverse("sitemap"), **kwargs)


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


class TransparencyIndexView(TemplateView):
    """The Transparency section today, or as it stood on the day given by ``?on=``."""

    template_name = "transparency/index.html"

    def get(self, request, *args, **kwargs):
        form = AsItStoodForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=form, day=local_today(), viewing_past=False)
            return self.render_to_response(context, status=HttpResponseBadRequest.status_code)
        if form.used_date_boxes():
            return redirect_to_iso(request, form)
        day = form.cleaned_data["on"]
        viewing_past = day is not None
        context = self.get_context_data(form=form, day=day or local_today(), viewing_past=viewing_past)
        return self.render_to_response(context)

    def get_context_data(self, *, day, viewing_past, **kwargs):
        if viewing_past:
            return self.as_it_read(day=day, **kwargs)
        context = super().get_context_data(**kwargs)
        notices = BestValueNotice.objects.published().for_public_page()
        statements = Statement.objects.published_by(as_it_stood_moment(day)).for_public_page()
        # As it stood: only the notices issued by that day. One more than shown, to know
        # whether to point at the full list without counting.
        listed = notices.issued_between(None, day) if viewing_past else notices
        recent_notices = list(listed.for_listing(day)[: RECENT_NOTICES + 1])
        # Rarely more than one notice, sorted here: asked to sort by issue date, SQLite
        # would walk that index through every notice instead of using the ends_on index.
        notices_in_force = sorted(
            notices.in_force_on(day)
            .with_status(day)
            .with_chain_ends()
            .prefetch_related("improvement_areas")
            .order_by(),
            key=lambda notice: (notice.issued_on, notice.pk),
            reverse=True,
        )
        context.update(
            day=day,
            viewing_past=viewing_past,
            notices_in_force=notices_in_force,
            # With none in force, the reader is told which notice was last, when it ended and why.
            last_in_force=None if notices_in_force else notices.last_in_force_before(day),
            latest_statements=list(statements.defer("body")[:LATEST_STATEMENTS]),
            all_notices=recent_notices[:RECENT_NOTICES],
            more_notices=len(recent_notices) > RECENT_NOTICES,
            # The timeline draws the notices listed here: all of them while there are few, the
            # latest ten once the years pile up (the notices list pages through the rest).
            timeline=Timeline(recent_notices[:RECENT_NOTICES], day=day, past=viewing_past),
        )
        return context

    def as_it_read(self, *, day, **kwargs):
        """The page as it read at the end of ``day``, rebuilt from history: the notices and
        statements as saved by then, areas with the progress recorded by then, and each
        status judged on that day from what was known then."""
        context = super().get_context_data(**kwargs)
        moment = as_it_stood_moment(day)
        in_force = notice_history.in_force_rows(moment, day).order_by("-issued_on", "-id")
        recent_rows = notice_history.published_rows(moment, day).filter(issued_on__lte=day)
        recent_notices = notice_history.rebuild(
            recent_rows.order_by("-issued_on", "-id")[: RECENT_NOTICES + 1], moment=moment, day=day
        )
        statements = statement_history.listed_rows(moment)[:LATEST_STATEMENTS]
        notices_in_force = notice_history.rebuild(in_force, moment=moment, day=day, areas=True)
        last_in_force = None
        if not notices_in_force:
            # With none in force that day, the notice whose time in force had ended last by then.
            ended = recent_rows.filter(in_force_until__lt=day).order_by("-in_force_until", "-starts_on", "-id")[:1]
            last_in_force = next(iter(notice_history.rebuild(ended, moment=moment, day=day)), None)
        context.update(
            day=day,
            viewing_past=True,
            notices_in_force=notices_in_force,
            last_in_force=last_in_force,
            latest_statements=[statement_history.rebuild(row, moment=moment, day=day) for row in statements],
            all_notices=recent_notices[:RECENT_NOTICES],
            more_notices=len(recent_notices) > RECENT_NOTICES,
            timeline=Timeline(recent_notices[:RECENT_NOTICES], day=day, past=True),
            on_query=url_on("", day),
        )
        return context
