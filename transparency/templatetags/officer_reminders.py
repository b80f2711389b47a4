from django import template
from django.conf import settings
from django.utils.translation import ngettext

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
        reminders["awaiting"].append(_awaiting(BestValueNotice, "admin:notices_bestvaluenotice_changelist"))
    if can_publish(user, Statement):
        reminders["awaiting"].append(_awaiting(Statement, "admin:statements_statement_changelist"))
    reminders["awaiting"] = [(text, url_name) for text, url_name, count in reminders["awaiting"] if count]
    return reminders


def _awaiting(model, url_name):
    """("1 statement is ready for review", url name, 1): the count in a plain sentence."""
    count = model.objects.awaiting_review().count()
    text = ngettext("%(count)d %(name)s is ready for review", "%(count)d %(plural)s are ready for review", count)
    opts = model._meta
    return text % {"count": count, "name": opts.verbose_name, "plural": opts.verbose_name_plural}, url_name, count
