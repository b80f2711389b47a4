"""Template tags the base layout uses."""

import datetime

from django import template
from django.utils.safestring import mark_safe

from core import dates
from core.richtext import plain_text

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, variable):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context):
        # The output is already rendered (and so escaped) template text.
        context[self.variable] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}...{% endcapture %}``: render once, use many times.

    The base layout renders the ``title`` and ``description`` blocks once and prints
    them in the page title, the meta description and the Open Graph tags.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# Rich text as plain words, e.g. for a meta description.
register.filter("plain_text", plain_text)


@register.filter(expects_localtime=True)
def long_date(value):
    """``{{ day|long_date }}``: the same text as ``{{ day|date:"j F Y" }}``, cheaper in a list of many rows."""
    return dates.long_date(value) if value else ""


@register.filter(expects_localtime=True)
def datetime_attr(value):
    """``<time datetime="{{ moment|datetime_attr }}">``: ISO 8601 to the whole second.

    A valid ``datetime`` attribute has at most three digits after the seconds, and a time saved
    through the admin carries six (microseconds), so they are dropped.
    """
    if isinstance(value, datetime.datetime):
        value = value.replace(microsecond=0)
    return value.isoformat() if value else ""
