"""Dates as the authority reads them: today is today in Europe/London."""

import datetime

from django.utils import timezone
from django.utils.dates import MONTHS


def local_today():
    """Today's date in the site's time zone (Europe/London)."""
    return timezone.localdate()


def end_of_day(day):
    """The last moment of ``day`` in the site's time zone."""
    start_of_next_day = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start_of_next_day) - datetime.timedelta(microseconds=1)


def as_it_stood_moment(day):
    """The moment a page "as it stood on ``day``" reads the record at: the end of that day, but never
    later than now, so a future day cannot reveal what is scheduled (and the last day of the
    calendar, which has no next day, is simply now)."""
    return timezone.now() if day >= local_today() else end_of_day(day)


def long_date(day):
    """The date as ``|date:"j F Y"`` prints it (30 January 2024), at a fraction of the cost.

    Lists print several dates a row, and the general formatter goes through the localisation
    machinery for each one.
    """
    return f"{day.day} {MONTHS[day.month]} {day.year:04d}"
