"""``{% url %}`` that works out an address without arguments once per process, not on every page.

Every page repeats the same few addresses (home, search, the section's pages) in its header,
breadcrumbs and footer, and Django's ``{% url %}`` reverses each of them again on every render.
An address with no arguments is the same on every request for one URLconf, script prefix and
current application, so it is kept under those; an address with arguments is reversed as usual.
Installed as a template builtin (settings ``TEMPLATES``), so templates keep writing ``{% url %}``.
"""

from django import template
from django.core.signals import setting_changed
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

# Named addresses come from templates, not from readers, so this stays small; the cap is a guard.
_MAX_KNOWN = 1000
_known = {}


class KnownURLNode(defaulttags.URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        current_app = _current_app(context)
        key = (view_name, current_app, get_urlconf(), get_script_prefix())
        url = _known.get(key)
        if url is None:
            try:
                url = reverse(view_name, current_app=current_app)
            except NoReverseMatch:
                return super().render(context)  # Django's own handling: an error, or "" with ``as``
            if len(_known) < _MAX_KNOWN:
                _known[key] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context):
    """As Django's ``{% url %}`` finds it (the admin sets it on the request)."""
    request = getattr(context, "request", None)
    try:
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return KnownURLNode(node.view_name, node.args, node.kwargs, node.asvar)


def _forget_known(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _known.clear()


setting_changed.connect(_forget_known)
