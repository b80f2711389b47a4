import datetime

import pytest
from django.contrib.auth.models import Permission, User
from pytest_django.asserts import assertContains

from notices.models import BestValueNotice
from tests.factories import make_notice

D = datetime.date
pytestmark = pytest.mark.django_db
ADD_URL = "/admin/notices/bestvaluenotice/add/"


@pytest.fixture
def officer(client):
    user = User.objects.create_user("officer", password="a-long-test-password", is_staff=True)
    codenames = ["add_bestvaluenotice", "change_bestvaluenotice", "view_bestvaluenotice", "publish_bestvaluenotice",
                 "add_improvementarea", "change_improvementarea", "view_improvementarea"]  # fmt: skip
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    assert client.login(username="officer", password="a-long-test-password")
    return user


def notice_form(**overrides):
    data = {
        "title": "Revised Best Value Notice",
        "slug": "revised-best-value-notice",
        "issued_by": "Department for Levelling Up, Housing and Communities",
        "recipient": "Cambridgeshire & Peterborough Combined Authority",
        "issued_on": "2024-01-30",
        "starts_on": "",
        "ends_on": "",
        "withdrawn_on": "",
        "summary": "<p>Six more months.</p>",
        "source_url": "",
        "is_published": "on",
        "improvement_areas-TOTAL_FORMS": "2",
        "improvement_areas-INITIAL_FORMS": "0",
        "improvement_areas-MIN_NUM_FORMS": "0",
        "improvement_areas-MAX_NUM_FORMS": "1000",
        "improvement_areas-0-position": "2",
        "improvement_areas-0-title": "Cultural change",
        "improvement_areas-0-detail": "<p>Measure it.</p>",
        "improvement_areas-0-progress": "not_started",
        "improvement_areas-1-position": "1",
        "improvement_areas-1-title": "Improvement Board",
        "improvement_areas-1-detail": "<p>Keep it.</p><script>alert(1)</script>",
        "improvement_areas-1-progress": "in_progress",
    }
    data.update(overrides)
    return data


def test_officer_adds_a_notice_with_two_areas_and_sees_it_on_the_public_site(client, officer):
    response = client.post(ADD_URL, notice_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = BestValueNotice.objects.get(slug="revised-best-value-notice")
    assert (notice.starts_on, notice.ends_on) == (D(2024, 1, 30), D(2024, 7, 29))
    assert [area.title for area in notice.improvement_areas.all()] == ["Improvement Board", "Cultural change"]
    assert "<script>" not in notice.improvement_areas.get(position=1).detail
    public = client.get(notice.get_absolute_url())
    assertContains(public, "Revised Best Value Notice")
    content = public.content.decode()
    assert content.index("Improvement Board") < content.index("Cultural change")


def test_admin_form_shows_the_rule_when_ends_on_is_before_starts_on(client, officer):
    response = client.post(ADD_URL, notice_form(ends_on="2024-01-01"))
    assertContains(response, "The last day in force must be on or after the first day in force (30 January 2024).")
    assert not BestValueNotice.objects.exists()


def test_admin_form_refuses_to_replace_a_later_notice(client, officer):
    later = make_notice(issued_on=D(2024, 6, 1), title="June notice")
    response = client.post(ADD_URL, notice_form(supersedes=str(later.pk)))
    assertContains(response, "can only replace one that came into force before it")


def test_notice_form_shows_replaced_by(client, officer):
    first = make_notice(issued_on=D(2023, 1, 24), title="First notice")
    make_notice(issued_on=D(2024, 1, 30), supersedes=first, title="Revised notice")
    response = client.get(f"/admin/notices/bestvaluenotice/{first.pk}/change/")
    assertContains(response, "Replaced by")
    assertContains(response, "Revised notice")


def test_admin_list_shows_computed_status_and_in_force_until(client, officer):
    make_notice(issued_on=D(2023, 1, 24), ends_on=D(2023, 7, 23), title="Old notice")
    response = client.get("/admin/notices/bestvaluenotice/")
    assertContains(response, "Old notice")
    assertContains(response, "Expired")
    assertContains(response, "23 Jul 2023")
    filtered = client.get("/admin/notices/bestvaluenotice/?status=in_force")
    assert "Old notice" not in filtered.content.decode()


def test_admin_list_sorts_by_status_and_in_force_until(client, officer):
    make_notice(issued_on=D(2023, 1, 24))
    for order in ("4", "-4", "5", "-5"):
        assert client.get(f"/admin/notices/bestvaluenotice/?o={order}").status_code == 200


def test_notice_editor_uses_ckeditor_5(client, officer):
    response = client.get(ADD_URL)
    assertContains(response, "django_ckeditor_5/dist/bundle.js")
    assertContains(response, 'class="django_ckeditor_5"')


def test_editor_upload_view_is_for_staff_only(client):
    response = client.post("/ckeditor5/image_upload/")
    assert response.status_code == 403
