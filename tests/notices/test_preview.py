"""Officers preview a draft notice in the public layout."""

import pytest
from pytest_django.asserts import assertContains

from tests.factories import make_notice

pytestmark = pytest.mark.django_db


def test_a_draft_notice_is_previewed_with_its_status_and_areas(client, editor):
    """The notice preview shows the public page of the draft, its areas included."""
    notice = make_notice(is_published=False, title="Draft notice")
    notice.improvement_areas.create(position=1, title="Leadership")
    response = client.get(f"/admin/notices/bestvaluenotice/{notice.pk}/preview/")
    assertContains(response, "Preview – not published.")
    assertContains(response, "Leadership")
    assertContains(response, "30 January 2024 to 29 July 2024")


def test_a_new_notice_cannot_be_previewed_before_its_first_save(client, editor):
    """Its page lists improvement areas, which only a saved notice has: the add form offers no preview."""
    assert "formaction" not in client.get("/admin/notices/bestvaluenotice/add/").content.decode()
    assert client.post("/admin/notices/bestvaluenotice/preview/", {"title": "x"}).status_code == 404
