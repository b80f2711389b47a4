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


# Apps that keep the site running rather than hold its content: listed after the content.
SITE_ADMINISTRATION_APPS = ("auth", "axes")


@register.filter
def content_first(app_list):
    """The admin's app list with the content apps first, then users, groups and sign-in records."""
    return sorted(app_list, key=lambda app: app["app_label"] in SITE_ADMINISTRATION_APPS)
