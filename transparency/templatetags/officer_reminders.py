from django import template
from django.conf import settings

from core.publishing import can_publish
from notices.models import BestValueNotice
from statements.models import Statement

register = template.Library()


@register.simple_tag(takes_context=True)
def publisher_reminders(context):
    """For Publishers: drafts awaiting review, and published notices whose last day in force is near."""
    request = context.get("request")
    if request is None:
        return None
    user = request.user
    reminders = {"days": settings.NOTICES_DUE_WITHIN_DAYS, "notices": [], "awaiting": []}
    if can_publish(user, BestValueNotice):
        reminders["notices"] = list(BestValueNotice.objects.due_to_end_within(reminders["days"]))
        reminders["awaiting"].append(
            (
                "Best Value Notices",
                "admin:notices_bestvaluenotice_changelist",
                BestValueNotice.objects.awaiting_review().count(),
            )
        )
    if can_publish(user, Statement):
        reminders["awaiting"].append(
            ("statements", "admin:statements_statement_changelist", Statement.objects.awaiting_review().count())
        )
    reminders["awaiting"] = [item for item in reminders["awaiting"] if item[2]]
    return reminders
