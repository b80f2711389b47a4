from django import template
from django.conf import settings

from core.publishing import can_publish
from notices.models import BestValueNotice

register = template.Library()


@register.simple_tag(takes_context=True)
def notices_due_soon(context):
    """For Publishers: published notices whose last day in force is near (``NOTICES_DUE_WITHIN_DAYS``)."""
    request = context.get("request")
    if request is None or not can_publish(request.user, BestValueNotice):
        return None
    days = getattr(settings, "NOTICES_DUE_WITHIN_DAYS", 30)
    return {"days": days, "notices": list(BestValueNotice.objects.due_to_end_within(days))}
