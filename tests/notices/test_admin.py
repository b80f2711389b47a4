import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from pytest_django.asserts import assertContains, assertNotContains

from core.dates import local_today
from notices.models import BestValueNotice
from tests.factories import make_notice
from tests.helpers import admin_url

D = datetime.date
pytestmark = pytest.mark.django_db


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
        "_publish": "Publish now",
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
    response = client.post(admin_url(BestValueNotice, "add"), notice_form())
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
    response = client.post(admin_url(BestValueNotice, "add"), notice_form(ends_on="2024-01-01"))
    assertContains(response, "The last day in force must be on or after the first day in force (30 January 2024).")
    assert not BestValueNotice.objects.exists()


def test_admin_form_refuses_to_replace_a_later_notice(client, officer):
    later = make_notice(issued_on=D(2024, 6, 1), title="June notice")
    response = client.post(admin_url(BestValueNotice, "add"), notice_form(supersedes=str(later.pk)))
    assertContains(response, "can only replace one that came into force before it")


def test_notice_form_shows_replaced_by(client, officer, first_and_revised):
    first, _ = first_and_revised
    response = client.get(admin_url(first, "change"))
    assertContains(response, "Replaced by")
    assertContains(response, "Revised notice")


def test_admin_list_shows_computed_status_and_in_force_until(client, officer):
    make_notice(issued_on=D(2023, 1, 24), ends_on=D(2023, 7, 23), title="Old notice")
    response = client.get(admin_url(BestValueNotice))
    assertContains(response, "Old notice")
    assertContains(response, "Expired")
    assertContains(response, "23 Jul 2023")
    filtered = client.get(admin_url(BestValueNotice) + "?status=in_force")
    assert "Old notice" not in filtered.content.decode()


def test_admin_list_sorts_by_status_and_in_force_until(client, officer):
    make_notice(issued_on=D(2023, 1, 24))
    for order in ("4", "-4", "5", "-5"):
        assert client.get(admin_url(BestValueNotice) + f"?o={order}").status_code == 200


def test_notice_editor_uses_ckeditor_5(client, officer):
    response = client.get(admin_url(BestValueNotice, "add"))
    assertContains(response, "django_ckeditor_5/dist/bundle.js")
    assertContains(response, 'class="django_ckeditor_5"')


def test_editor_upload_view_refuses_everyone(client):
    """No image button, no ``<img>`` kept: the upload address refuses anonymous users and staff alike."""
    assert client.post("/ckeditor5/image_upload/").status_code == 403
    superuser = User.objects.create_superuser("root", password="a-long-test-password")
    client.force_login(superuser)
    response = client.post("/ckeditor5/image_upload/", {"upload": ContentFile(b"GIF89a", name="x.gif")})
    assert response.status_code == 403
    assert response.json()["error"]["message"]


# Auditors: see everything, filter by date, export as CSV, change nothing.


@pytest.fixture
def admin_chain(first_and_revised):
    first, revised = first_and_revised
    old = make_notice(slug="old", title="Old notice", issued_on=D(2020, 1, 1))
    return first, revised, old


def changelist_titles(response):
    return [notice.title for notice in response.context["cl"].result_list]


def test_auditor_sees_the_notices_list_with_status_and_in_force_until(client, auditor, admin_chain):
    response = client.get(admin_url(BestValueNotice))
    assert response.status_code == 200
    assert set(changelist_titles(response)) == {"First notice", "Revised notice", "Old notice"}
    assertContains(response, "29 Jan 2024")  # the first notice's in_force_until
    assertContains(response, ">Replaced<")
    assertNotContains(response, "Superseded")


def test_auditor_filters_by_issue_date_range_both_ends_inclusive(client, auditor, admin_chain):
    response = client.get(admin_url(BestValueNotice), {"issued_from": "2023-01-24", "issued_to": "2024-01-30"})
    assert set(changelist_titles(response)) == {"First notice", "Revised notice"}
    response = client.get(admin_url(BestValueNotice), {"issued_from": "2023-01-25"})
    assert set(changelist_titles(response)) == {"Revised notice"}
    assertContains(response, 'name="issued_from" value="2023-01-25"')


def test_auditor_filters_by_day_in_force(client, auditor, admin_chain):
    assert changelist_titles(client.get(admin_url(BestValueNotice), {"in_force_on": "2024-01-29"})) == ["First notice"]
    assert changelist_titles(client.get(admin_url(BestValueNotice), {"in_force_on": "2024-01-30"})) == [
        "Revised notice"
    ]


def test_admin_date_filters_keep_the_other_filters_in_their_form(client, auditor, admin_chain):
    response = client.get(admin_url(BestValueNotice), {"issued_from": "2023-01-01", "status": "expired"})
    assertContains(response, '<input type="hidden" name="status" value="expired">')
    assertContains(response, '<input type="hidden" name="issued_from" value="2023-01-01">')


@pytest.mark.parametrize(
    "query", ["in_force_on=2024-02-30", "issued_from=yesterday", "issued_from=2024-02-01&issued_to=2024-01-01"]
)
def test_admin_refuses_a_bad_date_filter_without_a_500(client, auditor, admin_chain, query):
    response = client.get(f"{admin_url(BestValueNotice)}?{query}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_admin_list_sorts_by_in_force_until(client, auditor, admin_chain):
    response = client.get(admin_url(BestValueNotice), {"o": "4"})
    assert changelist_titles(response) == ["Old notice", "First notice", "Revised notice"]


def test_auditor_exports_the_selected_notices_as_the_public_csv(client, auditor, admin_chain):
    first, revised, old = admin_chain
    response = client.post(
        admin_url(BestValueNotice), {"action": "export_as_csv", "_selected_action": [first.pk, revised.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="best-value-notices_selected_')
    public = client.get("/governance/transparency/best-value-notices.csv", {"issued_from": "2023-01-01"})
    assert response.getvalue() == public.getvalue()


def test_auditor_can_open_a_notice_but_not_change_it(client, auditor, admin_chain):
    first = admin_chain[0]
    change_url = admin_url(first, "change")
    assert client.get(change_url).status_code == 200
    response = client.post(change_url, notice_form(slug="first", title="Changed by an auditor"))
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.title == "First notice"


def test_auditor_cannot_add_or_delete_notices(client, auditor, admin_chain):
    first = admin_chain[0]
    assert client.get(admin_url(BestValueNotice, "add")).status_code == 403
    assert client.post(admin_url(BestValueNotice, "add"), notice_form()).status_code == 403
    assert client.post(admin_url(first, "delete"), {"post": "yes"}).status_code == 403
    response = client.post(
        admin_url(BestValueNotice), {"action": "delete_selected", "_selected_action": [first.pk], "post": "yes"}
    )
    assert BestValueNotice.objects.filter(pk=first.pk).exists()
    assert response.status_code in (200, 302)


def test_auditor_sees_only_the_export_action(client, auditor, admin_chain):
    actions = client.get(admin_url(BestValueNotice)).context["action_form"].fields["action"].choices
    assert [name for name, _ in actions if name] == ["export_as_csv"]


def test_auditor_exports_everything_the_admin_filters_match(client, auditor, admin_chain):
    """ "Select all" with a filter exports the filtered list, not only the page."""
    first, revised, old = admin_chain
    response = client.post(
        f"{admin_url(BestValueNotice)}?issued_from=2023-01-01",
        {"action": "export_as_csv", "select_across": "1", "_selected_action": [first.pk]},
    )
    lines = response.getvalue().decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["revised", "first"]


def test_a_draft_notice_says_draft_in_the_admin_not_in_force(client, publisher):
    """A draft is in force nowhere: the list and the form say "Draft"."""
    draft = make_notice(is_published=False, issued_on=local_today(), title="Draft notice")
    listing = client.get(admin_url(BestValueNotice))
    assertContains(listing, '<td class="field-status_column">Draft</td>', html=True)
    form = client.get(admin_url(draft, "change"))
    assertContains(form, "Draft (once published: in force)")


def test_officer_records_a_notice_with_no_fixed_end_date(client, officer):
    """Ticking "no fixed end date" with the end left blank saves no end date; the list says so."""
    response = client.post(admin_url(BestValueNotice, "add"), notice_form(no_fixed_end="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = BestValueNotice.objects.get(slug="revised-best-value-notice")
    assert (notice.ends_on, notice.no_fixed_end) == (None, True)
    listing = client.get(admin_url(BestValueNotice))
    assertContains(listing, "No fixed end date")


def test_admin_form_refuses_an_end_date_with_no_fixed_end_date(client, officer):
    response = client.post(admin_url(BestValueNotice, "add"), notice_form(no_fixed_end="on", ends_on="2024-07-31"))
    assertContains(response, "A notice with no fixed end date has no last day in force: clear this date")
    assert not BestValueNotice.objects.exists()


def test_admin_list_sorts_a_notice_with_no_fixed_end_date_as_the_latest_to_end(client, officer):
    """On both databases: last when sorted by "in force until", first when the order is reversed."""
    make_notice(issued_on=D(2023, 1, 24), no_fixed_end=True, title="Open notice")
    make_notice(issued_on=D(2024, 1, 30), title="Dated notice")
    ascending = client.get(admin_url(BestValueNotice) + "?o=4").content.decode()
    descending = client.get(admin_url(BestValueNotice) + "?o=-4").content.decode()
    assert ascending.index("Dated notice") < ascending.index("Open notice")
    assert descending.index("Open notice") < descending.index("Dated notice")
