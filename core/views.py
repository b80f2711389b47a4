import datetime

from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.views.generic import TemplateView

from core.dates import local_today
from core.forms import AsItStoodForm
from notices.models import NOTICE_RICH_TEXT, BestValueNotice
from statements.models import Statement

LATEST_STATEMENTS = 5
# The index lists the most recent notices in brief; the notices list pages through the rest.
RECENT_NOTICES = 10


class HomeView(TemplateView):
    template_name = "core/home.html"


class GovernanceView(TemplateView):
    template_name = "core/governance.html"


def end_of_day(day):
    """The last moment of ``day`` in the site's time zone."""
    start_of_next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start_of_next_day) - datetime.timedelta(microseconds=1)


class TransparencyIndexView(TemplateView):
    """The Transparency section today, or as it stood on the day given by ``?on=``."""

    template_name = "core/transparency.html"

    def get(self, request, *args, **kwargs):
        form = AsItStoodForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=form, day=local_today(), viewing_past=False)
            return self.render_to_response(context, status=HttpResponseBadRequest.status_code)
        day = form.cleaned_data["on"]
        viewing_past = day is not None
        context = self.get_context_data(form=form, day=day or local_today(), viewing_past=viewing_past)
        return self.render_to_response(context)

    def get_context_data(self, *, day, viewing_past, **kwargs):
        context = super().get_context_data(**kwargs)
        notices = BestValueNotice.objects.published()
        # Never later than now, so a future day cannot reveal a scheduled statement.
        moment = min(end_of_day(day), timezone.now())
        statements = Statement.objects.published_by(moment)
        # One more than shown, to know whether to point at the full list without counting.
        recent_notices = list(
            notices.with_status(day)
            .select_related("supersedes", "superseded_by")
            .defer(*NOTICE_RICH_TEXT)[: RECENT_NOTICES + 1]
        )
        context.update(
            day=day,
            viewing_past=viewing_past,
            # Rarely more than one notice, sorted here: asked to sort by issue date, SQLite
            # would walk that index through every notice instead of using the ends_on index.
            notices_in_force=sorted(
                notices.in_force_on(day)
                .with_status(day)
                .select_related("supersedes", "superseded_by")
                .defer("supersedes__summary", "superseded_by__summary")
                .prefetch_related("improvement_areas")
                .order_by(),
                key=lambda notice: (notice.issued_on, notice.pk),
                reverse=True,
            ),
            latest_statements=list(statements.defer("body")[:LATEST_STATEMENTS]),
            all_notices=recent_notices[:RECENT_NOTICES],
            more_notices=len(recent_notices) > RECENT_NOTICES,
        )
        return context
