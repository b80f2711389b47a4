"""Every form control the admin builds has an accessible name of its own."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_date_and_time_boxes_of_a_statement_are_each_named_after_the_field(client, publisher):
    """Django labels the pair with one legend; each box gets its own name from the field's label."""
    response = client.get(reverse("admin:statements_statement_add"))
    html = response.content.decode()
    assert 'aria-label="Publication date: date"' in html
    assert 'aria-label="Publication date: time"' in html


def test_the_withdrawal_date_and_time_boxes_are_named_too(client, publisher):
    """The helper names every split date-and-time field, not only the publication date."""
    html = client.get(reverse("admin:statements_statement_add")).content.decode()
    assert 'aria-label="Withdrawn on: date"' in html
    assert 'aria-label="Withdrawn on: time"' in html


def test_every_admin_page_loads_the_accessibility_stylesheet_and_script(client, publisher):
    """The admin base template adds the project's fixes to Django's own admin pages."""
    html = client.get(reverse("admin:index")).content.decode()
    assert "css/admin-a11y.css" in html
    assert "js/admin-a11y.js" in html
