"""Officers preview a draft notice in the public layout."""

import pytest
from pytest_django.asserts import assertContains

from notices.models import BestValueNotice
from tests.factories import make_notice
from tests.helpers import admin_url

pytestmark = pytest.mark.django_db


def test_a_draft_notice_is_previewed_with_its_status_and_areas(client, editor):
    """The notice preview shows the public page of the draft, its areas included."""
    notice = make_notice(is_published=False, title="Draft notice")
    notice.improvement_areas.create(position=1, title="Leadership")
    response = client.get(admin_url(notice, "preview"))
    assertContains(response, "Preview – not published.")
    assertContains(response, "Leadership")
    assertContains(response, "30 January 2024 to 29 July 2024")


def test_a_new_notice_cannot_be_previewed_before_its_first_save(client, editor):
    """Its page lists improvement areas, which only a saved notice has: the add form offers no preview."""
    assert "formaction" not in client.get(admin_url(BestValueNotice, "add")).content.decode()
    assert client.post(admin_url(BestValueNotice, "preview_new"), {"title": "x"}).status_code == 404
