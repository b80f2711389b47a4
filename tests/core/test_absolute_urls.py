"""A record's public address is worked out once per address, and follows a new slug or day."""

import datetime

import pytest

from core import editorial
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


def test_repeated_links_to_one_record_reverse_its_address_once(monkeypatch):
    statement = make_statement(slug="our-response")
    calls = []
    real_reverse = editorial.reverse
    monkeypatch.setattr(
        editorial, "reverse", lambda *args, **kwargs: calls.append(args) or real_reverse(*args, **kwargs)
    )
    urls = {statement.get_absolute_url() for _ in range(5)}
    assert urls == {"/governance/transparency/statements/our-response/"}
    assert len(calls) == 1


def test_a_new_slug_gives_the_new_address():
    statement = make_statement(slug="first-slug")
    assert statement.get_absolute_url().endswith("/first-slug/")
    statement.slug = "second-slug"
    assert statement.get_absolute_url().endswith("/second-slug/")


def test_a_record_rebuilt_for_a_day_links_to_that_day():
    statement = make_statement(slug="our-response")
    assert statement.get_absolute_url() == "/governance/transparency/statements/our-response/"
    statement.as_read_on = datetime.date(2024, 3, 1)
    assert statement.get_absolute_url() == "/governance/transparency/statements/our-response/?on=2024-03-01"
