"""Dates as the authority reads them: today is today in Europe/London."""

from django.utils import timezone


def local_today():
    """Today's date in the site's time zone (Europe/London)."""
    return timezone.localdate()
