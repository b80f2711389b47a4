"""Template tags for notices."""

from django import template
from django.utils.html import format_html

from core.dates import long_date
from notices.models import NoticeStatus

register = template.Library()


@register.simple_tag
def notice_status(notice):
    """The status tag and what it means, e.g. "In force until 29 July 2024".

    ``notice`` carries the ``with_status()`` annotations. A tag rather than an include:
    lists show one per row, and an include costs several times as much to render.
    """
    status = notice.status
    if status == NoticeStatus.UPCOMING:
        detail = format_html("Comes into force on {}\n", long_date(notice.starts_on))
    elif status == NoticeStatus.IN_FORCE:
        detail = format_html("In force until {}\n", long_date(notice.in_force_until))
    elif status == NoticeStatus.SUPERSEDED:
        successor = notice.published_successor
        detail = format_html(
            'Replaced by <a href="{}">{}</a> on {}\n',
            successor.get_absolute_url(),
            successor.title,
            long_date(successor.starts_on),
        )
    elif status == NoticeStatus.WITHDRAWN:
        detail = format_html("Withdrawn on {}\n", long_date(notice.withdrawn_on))
    else:
        detail = format_html("Expired on {}", long_date(notice.in_force_until))
    return format_html(
        '<p class="status status--{}"><strong class="tag">{}</strong>\n{}</p>\n',
        status,
        notice.get_status_display(),
        detail,
    )
