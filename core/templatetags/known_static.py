"""``{% static %}`` with each file's address worked out once per process.

Django's ``{% static 'css/site.css' %}`` looks the hashed name up in the manifest on every render;
the address is the same until the static files or their settings change, so it is kept by path.
Installed as a template builtin (settings ``TEMPLATES``): the site's templates use it without
``{% load static %}``, which would put Django's own tag back.
"""

from django import template
from django.core.signals import setting_changed
from django.templatetags import static as django_static

register = template.Library()

# Paths come from templates, not from readers, so this stays small; the cap is a guard.
_MAX_KNOWN = 1000
_known = {}


class KnownStaticNode(django_static.StaticNode):
    def url(self, context):
        path = self.path.resolve(context)
        url = _known.get(path)
        if url is None:
            url = self.handle_simple(path)  # a file missing from the manifest still raises, every time
            if len(_known) < _MAX_KNOWN:
                _known[path] = url
        return url


@register.tag("static")
def do_static(parser, token):
    return KnownStaticNode.handle_token(parser, token)


def _forget_known(setting, **kwargs):
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "INSTALLED_APPS"}:
        _known.clear()


setting_changed.connect(_forget_known)
