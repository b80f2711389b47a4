"""Template tags for notices."""

from django import template
from django.utils.html import format_html

from core.dates import long_date
from notices.models import NoticeStatus

register = template.Library()


@register.simple_tag
def notice_status(notice):
    """The status tag and a sentence on what it means, e.g. "In force" and "Runs until 29 July 2024."

    ``notice`` carries the ``with_status()`` annotations. The sentence never repeats the tag's
    word: the two are read one after the other. A tag rather than an include: lists show one
    per row, and an include costs several times as much to render.
    """
    status = notice.status
    if status == NoticeStatus.UPCOMING:
        detail = format_html("Comes into force on {}.", long_date(notice.starts_on))
    elif status == NoticeStatus.IN_FORCE and notice.in_force_until is None:
        detail = "No fixed end date: it stays in force until a revised notice replaces it or it is withdrawn."
    elif status == NoticeStatus.IN_FORCE:
        detail = format_html("Runs until {}.", long_date(notice.in_force_until))
    elif status == NoticeStatus.SUPERSEDED:
        successor = notice.published_successor
        detail = format_html(
            '<a href="{}">{}</a> took its place on {}.',
            successor.get_absolute_url(),
            successor.title,
            long_date(successor.starts_on),
        )
    elif status == NoticeStatus.WITHDRAWN:
        detail = format_html("Lifted early by the department on {}.", long_date(notice.withdrawn_on))
    else:
        detail = format_html("Ended on {}.", long_date(notice.in_force_until))
    return format_html(
        '<p class="status status--{}"><strong class="tag tag--{}">{}</strong>\n<span class="status__detail">{}</span></p>\n',
        status,
        status,
        notice.get_status_display(),
        detail,
    )
