from django import template

from transparency.officer_home import officer_home as gather_officer_home

register = template.Library()


@register.simple_tag(takes_context=True)
def officer_home(context):
    """What needs doing, for the signed-in officer: see ``transparency.officer_home``."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return gather_officer_home(request.user)
