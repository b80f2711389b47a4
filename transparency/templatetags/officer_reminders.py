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
    for model in (BestValueNotice, Statement):
        if can_publish(user, model):
            count = model.objects.awaiting_review().count()
            if count:
                opts = model._meta
                label = opts.verbose_name if count == 1 else opts.verbose_name_plural  # "1 statement", "2 statements"
                url_name = f"admin:{opts.app_label}_{opts.model_name}_changelist"
                reminders["awaiting"].append((label, url_name, count))
    return reminders
