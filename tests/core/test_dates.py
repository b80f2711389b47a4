"""The cheap long date printed in list rows reads exactly as Django's date filter would print it."""

import datetime

from django.template import engines
from django.utils.formats import date_format

from core.dates import long_date


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_long_date_matches_the_date_filter_on_every_day_of_a_leap_year_and_on_early_years():
    days = [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(366)]
    days += [datetime.date(999, 3, 5), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)]
    for day in days:
        assert long_date(day) == date_format(day, "j F Y")


def test_long_date_filter_prints_a_moment_as_its_day_in_london():
    """23:30 UTC on 30 June is already 1 July in London (summer time), as with the date filter."""
    moment = datetime.datetime(2024, 6, 30, 23, 30, tzinfo=datetime.UTC)
    source = '{% load site_tags %}{{ moment|long_date }}|{{ moment|date:"j F Y" }}'
    assert render(source, moment=moment) == "1 July 2024|1 July 2024"


def test_long_date_filter_prints_nothing_for_a_missing_date():
    assert render("{% load site_tags %}[{{ day|long_date }}]", day=None) == "[]"
