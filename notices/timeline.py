"""The notices timeline, drawn by the server (no JavaScript, no inline styles).

One row per notice: its title and dates as text, then a track with a bar from ``starts_on``
to ``in_force_until`` (for a notice with no fixed end date that nothing has ended yet, to the
day shown, its end left open), a dot where another notice replaced it, a line at the start of each
year and a marker on the day the page is about; under the rows, the years. The titles are
HTML text, outside the bars, and the tracks are SVG without a ``viewBox`` whose positions are
percentages of the width: the drawing stretches to any width while its text keeps its size,
so the timeline stays readable on a 320px phone. ``includes/notice_timeline.html`` places
it, with the same facts as a list of sentences for screen readers.

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
# Past this many year ticks, a phone shows every other year's label so that they do not overlap.
TICKS_ALL_LABELLED_ON_A_PHONE = 6
# Horizontal positions are percentages of the width, inside a margin of 1% at each side.
MARGIN = 1
TRACK_HEIGHT = 24
BAR_Y = 4
BAR_HEIGHT = 16
AXIS_HEIGHT = 32


@dataclass
class Bar:
    notice: object
    x: float
    width: float
    successor: object = None
    link_x: float = 0
    open_ended: bool = False


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
        last = max(self.drawn_until(notice) for notice in self.notices)
        start = datetime.date(first.year, 1, 1)
        end = datetime.date(last.year + 1, 1, 1) if last.year < datetime.MAXYEAR else datetime.date.max
        return start, end

    def drawn_until(self, notice):
        """The last day a notice's bar reaches: ``in_force_until``, or for a notice with no fixed end
        date that nothing has ended yet, the day shown (its end is not known)."""
        if notice.in_force_until is not None:
            return notice.in_force_until
        return max(self.day, notice.starts_on)

    def dates_text(self, notice):
        """ "from 24 January 2023 to 29 January 2024", or "from 24 January 2023, with no fixed end date"."""
        if notice.in_force_until is None:
            return f"from {long_date(notice.starts_on)}, with no fixed end date"
        return f"from {long_date(notice.starts_on)} to {long_date(notice.in_force_until)}"

    def x(self, day):
        start, end = self._range
        day = min(max(day, start), end)
        return round(MARGIN + (day - start).days / (end - start).days * (100 - 2 * MARGIN), 2)

    def __bool__(self):
        return bool(self.notices)

    @cached_property
    def bars(self):
        shown = {notice.pk for notice in self.notices}
        bars = []
        for notice in self.notices:
            x = self.x(notice.starts_on)
            # The bar reaches the end of its last day in force.
            end_x = self.x(min(self.drawn_until(notice), datetime.date.max - datetime.timedelta(days=1)) + ONE_DAY)
            bar = Bar(notice=notice, x=x, width=max(round(end_x - x, 2), 0.2), open_ended=notice.in_force_until is None)
            successor = notice.published_successor
            if successor is not None and successor.pk in shown:
                bar.successor = successor
                bar.link_x = self.x(successor.starts_on)
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

    def _track(self, bar):
        parts = [
            f'<svg class="timeline__track" width="100%" height="{TRACK_HEIGHT}" focusable="false"'
            ' xmlns="http://www.w3.org/2000/svg">'
        ]
        parts += [
            f'<line class="timeline__tick" x1="{tick.x}%" y1="0" x2="{tick.x}%" y2="{TRACK_HEIGHT}"/>'
            for tick in self.ticks
        ]
        parts.append(
            f'<rect class="timeline__bar timeline__bar--{escape(bar.notice.status)}'
            f'{" timeline__bar--open-ended" if bar.open_ended else ""}" x="{bar.x}%" y="{BAR_Y}"'
            f' width="{bar.width}%" height="{BAR_HEIGHT}"/>'
        )
        if bar.successor is not None:
            parts.append(
                f'<circle class="timeline__replaced" cx="{bar.link_x}%" cy="{BAR_Y + BAR_HEIGHT // 2}" r="6"/>'
            )
        if self.day_x is not None:
            parts.append(
                f'<line class="timeline__day" x1="{self.day_x}%" y1="0" x2="{self.day_x}%" y2="{TRACK_HEIGHT}"/>'
            )
        parts.append("</svg>")
        return "".join(parts)

    def _axis(self):
        ticks = self.ticks
        parts = [
            f'<svg class="timeline__axis" width="100%" height="{AXIS_HEIGHT}" focusable="false"'
            ' xmlns="http://www.w3.org/2000/svg">'
            '<line class="timeline__axis-line" x1="0" y1="1" x2="100%" y2="1"/>'
        ]
        for index, tick in enumerate(ticks[:-1]):
            # The last tick closes the range; its year has no days on the axis.
            every_other = len(ticks) - 1 > TICKS_ALL_LABELLED_ON_A_PHONE and index % 2
            parts.append(
                f'<text class="timeline__year{" timeline__year--wide-only" if every_other else ""}"'
                f' x="{tick.x}%" dx="4" y="{AXIS_HEIGHT - 8}">{tick.label}</text>'
            )
        parts.append("</svg>")
        return "".join(parts)

    def chart(self):
        """The drawing; hidden from assistive technology, which reads ``text_list()`` instead."""
        parts = ['<div class="timeline__chart" aria-hidden="true"><ol class="timeline__rows">']
        for bar in self.bars:
            notice = bar.notice
            parts.append(
                f'<li class="timeline__row"><span class="timeline__label">{escape(notice.title)}</span> '
                f'<span class="timeline__dates">{escape(notice.in_force_dates())}'
                f"</span>{self._track(bar)}</li>"
            )
        parts.append(f"</ol>{self._axis()}</div>")
        return mark_safe("".join(parts))  # built above; database text escaped

    def text_list(self):
        """The same facts as sentences, one list item per notice."""

        when = f"on {long_date(self.day)}" if self.past else "today"
        items = []
        for bar in self.bars:
            notice = bar.notice
            text = f"{notice.title}: in force {self.dates_text(notice)}"
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
