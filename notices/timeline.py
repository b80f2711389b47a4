"""The notices timeline, drawn by the server as inline SVG (no JavaScript, no inline styles).

One bar per notice from ``starts_on`` to ``in_force_until``, a connector where a notice was
replaced by its successor, a tick at the start of each year and a marker on the day the page
is about. ``includes/notice_timeline.html`` places it, with the same facts as a list of text
for screen readers.

The markup is built here rather than in a template loop: a template renders one number at a
time through the localisation machinery, which for a thousand notices takes seconds.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.dates import local_today, long_date

ONE_DAY = datetime.timedelta(days=1)
MAX_TICKS = 12
WIDTH = 1000
MARGIN = 10
ROW_HEIGHT = 48
TOP = 10
AXIS_HEIGHT = 40
BAR_HEIGHT = 16
LABEL_GAP = 6
# A generous estimate of the width of one character of a 16px bold label.
LABEL_CHAR_WIDTH = 9.5


@dataclass
class Bar:
    notice: object
    x: float
    y: float
    width: float
    label_x: float
    label_y: float
    label_anchor: str
    successor: object = None
    link_x: float = 0
    link_y1: float = 0
    link_y2: float = 0


@dataclass
class Tick:
    x: float
    label: str


class Timeline:
    """``notices`` must carry ``in_force_until`` and ``status`` (``for_timeline()``) and their successor."""

    def __init__(self, notices, *, day=None, past=False):
        self._notices = notices
        self.day = day or local_today()
        self.past = past

    @cached_property
    def notices(self):
        return sorted(self._notices, key=lambda notice: (notice.starts_on, notice.pk))

    @cached_property
    def _range(self):
        first = min(notice.starts_on for notice in self.notices)
        last = max(notice.in_force_until for notice in self.notices)
        start = datetime.date(first.year, 1, 1)
        end = datetime.date(last.year + 1, 1, 1) if last.year < datetime.MAXYEAR else datetime.date.max
        return start, end

    def x(self, day):
        start, end = self._range
        day = min(max(day, start), end)
        return round(MARGIN + (day - start).days / (end - start).days * (WIDTH - 2 * MARGIN), 1)

    def __bool__(self):
        return bool(self.notices)

    @property
    def height(self):
        return TOP + ROW_HEIGHT * len(self.notices) + AXIS_HEIGHT

    @property
    def axis_y(self):
        return TOP + ROW_HEIGHT * len(self.notices)

    @property
    def tick_label_y(self):
        return self.axis_y + 28

    @cached_property
    def bars(self):
        rows = {notice.pk: index for index, notice in enumerate(self.notices)}
        bars = []
        for index, notice in enumerate(self.notices):
            x = self.x(notice.starts_on)
            # The bar reaches the end of its last day in force.
            end_x = self.x(min(notice.in_force_until, datetime.date.max - datetime.timedelta(days=1)) + ONE_DAY)
            y = TOP + index * ROW_HEIGHT + ROW_HEIGHT - BAR_HEIGHT - 4
            # The label starts just after the bar's start, clear of a connector line there,
            # unless it would run off the right edge: then it ends at the edge.
            fits = x + LABEL_GAP + len(notice.title) * LABEL_CHAR_WIDTH <= WIDTH - MARGIN
            bar = Bar(
                notice=notice,
                x=x,
                y=y,
                width=max(round(end_x - x, 1), 2),
                label_x=round(x + LABEL_GAP, 1) if fits else WIDTH - MARGIN,
                label_y=y - LABEL_GAP,
                label_anchor="start" if fits else "end",
            )
            successor = notice.published_successor
            if successor is not None and successor.pk in rows:
                bar.successor = successor
                bar.link_x = self.x(successor.starts_on)
                bar.link_y1 = y + BAR_HEIGHT
                bar.link_y2 = TOP + rows[successor.pk] * ROW_HEIGHT + ROW_HEIGHT - 4
            bars.append(bar)
        return bars

    @cached_property
    def ticks(self):
        start, end = self._range
        # A tick a year; over a long span, every few years so that about a dozen remain.
        step = max(1, -(-(end.year - start.year) // MAX_TICKS))
        return [
            Tick(x=self.x(datetime.date(year, 1, 1)), label=str(year)) for year in range(start.year, end.year + 1, step)
        ]

    @property
    def day_x(self):
        """Where the marker for ``day`` goes, or None when the day is outside the timeline."""
        start, end = self._range
        return self.x(self.day) if start <= self.day <= end else None

    # Markup. Every text that comes from the database goes through escape(); numbers are ours.

    def svg(self):
        """The drawing; hidden from assistive technology, which reads ``text_list()`` instead."""
        parts = [
            f'<svg class="timeline__svg" viewBox="0 0 {WIDTH} {self.height}" width="{WIDTH}" height="{self.height}"'
            ' aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        ]
        ticks = self.ticks
        for index, tick in enumerate(ticks):
            parts.append(f'<line class="timeline__tick" x1="{tick.x}" y1="0" x2="{tick.x}" y2="{self.axis_y}"/>')
            if index < len(ticks) - 1:
                parts.append(
                    f'<text class="timeline__year" x="{tick.x}" dx="4" y="{self.tick_label_y}">{tick.label}</text>'
                )
        parts.append(f'<line class="timeline__axis" x1="0" y1="{self.axis_y}" x2="{WIDTH}" y2="{self.axis_y}"/>')
        for bar in self.bars:
            parts.append(
                f'<text class="timeline__label" x="{bar.label_x}" y="{bar.label_y}" text-anchor="{bar.label_anchor}">'
                f"{escape(bar.notice.title)}</text>"
                f'<rect class="timeline__bar timeline__bar--{escape(bar.notice.status)}" x="{bar.x}" y="{bar.y}"'
                f' width="{bar.width}" height="{BAR_HEIGHT}"/>'
            )
            if bar.successor is not None:
                parts.append(
                    f'<line class="timeline__replaced" x1="{bar.link_x}" y1="{bar.link_y1}" x2="{bar.link_x}"'
                    f' y2="{bar.link_y2}"/>'
                    f'<circle class="timeline__replaced-dot" cx="{bar.link_x}" cy="{bar.link_y1}" r="4"/>'
                )
        if self.day_x is not None:
            parts.append(f'<line class="timeline__day" x1="{self.day_x}" y1="0" x2="{self.day_x}" y2="{self.axis_y}"/>')
        parts.append("</svg>")
        return mark_safe("".join(parts))  # built above; database text escaped

    def text_list(self):
        """The same facts as sentences, one list item per notice."""

        when = f"on {long_date(self.day)}" if self.past else "today"
        items = []
        for bar in self.bars:
            notice = bar.notice
            text = f"{notice.title}: in force from {long_date(notice.starts_on)} to {long_date(notice.in_force_until)}"
            predecessor = notice.published_predecessor
            if predecessor is not None:
                text += f"; it replaced {predecessor.title}"
            if bar.successor is not None:
                text += f"; replaced by {bar.successor.title} from {long_date(bar.successor.starts_on)}"
            if notice.withdrawn_on:
                text += f"; withdrawn on {long_date(notice.withdrawn_on)}"
            text += f". Status {when}: {notice.get_status_display()}."
            items.append(f"<li>{escape(text)}</li>")
        return mark_safe("".join(items))  # each item escaped
