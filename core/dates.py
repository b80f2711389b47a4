"""Dates as the authority reads them: today is today in Europe/London."""

from django.utils import timezone
from django.utils.dates import MONTHS


def local_today():
    """Today's date in the site's time zone (Europe/London)."""
    return timezone.localdate()


def long_date(day):
    """The date as ``|date:"j F Y"`` prints it (30 January 2024), at a fraction of the cost.

    Lists print several dates a row, and the general formatter goes through the localisation
    machinery for each one.
    """
    return f"{day.day} {MONTHS[day.month]} {day.year:04d}"
