"""Officers' work on notices: publish rule, change notes on dates and areas, PDFs, reminders, checks."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter
from pytest_django.asserts import assertContains, assertNotContains

from notices.models import BestValueNotice, ImprovementArea, NoticeChangeNote
from tests.factories import make_area, make_notice
from tests.helpers import admin_url
from tests.officers import form_data, make_officer

D = datetime.date
pytestmark = pytest.mark.django_db


def pdf_bytes(pages=2):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def add_data(client, **overrides):
    values = {
        "title": "Revised notice",
        "slug": "revised-notice",
        "issued_by": "Department for Levelling Up, Housing and Communities",
        "issued_on": "30/01/2024",
    }
    return form_data(client.get(admin_url(BestValueNotice, "add")), "bestvaluenotice_form", **{**values, **overrides})


def edit(client, notice, files=None, **overrides):
    data = form_data(client.get(admin_url(notice, "change")), "bestvaluenotice_form", **overrides)
    return client.post(admin_url(notice, "change"), {**data, **(files or {})})


# -- Publish rule ------------------------------------------------------------------------------


def test_editor_posting_is_published_on_a_notice_gets_a_form_error(client, editor):
    response = client.post(admin_url(BestValueNotice, "add"), add_data(client, is_published="on"))
    assertContains(response, "Only Publishers can publish")
    assert not BestValueNotice.objects.exists()


def test_editor_adds_a_draft_notice_and_cannot_change_it_once_published(client, editor):
    assert client.post(admin_url(BestValueNotice, "add"), add_data(client)).status_code == 302
    notice = BestValueNotice.objects.get()
    assert not notice.is_published
    notice.is_published = True
    notice.save()
    assert client.post(admin_url(notice, "change"), {"title": "Changed"}).status_code == 403


def test_publisher_publishes_a_notice_on_the_form(client, publisher):
    assert client.post(admin_url(BestValueNotice, "add"), add_data(client, _publish="Publish now")).status_code == 302
    notice = BestValueNotice.objects.get()
    assert notice.is_published and notice.published_by == publisher and notice.published_without_review


def test_auditor_cannot_publish_a_notice_with_the_list_action(client):
    client.force_login(make_officer("Auditors"))
    draft = make_notice(is_published=False)
    client.post(admin_url(BestValueNotice), {"action": "publish_selected", "_selected_action": [str(draft.pk)]})
    draft.refresh_from_db()
    assert not draft.is_published


# -- Change notes -------------------------------------------------------------------------------


def test_changing_a_published_notices_end_date_is_major(client, publisher):
    notice = make_notice()
    response = edit(client, notice, ends_on="31/07/2024", change_kind="minor")
    assertContains(response, "Changing the in force until of a published record is a major change")


def test_changing_what_a_notice_replaces_is_major():
    first = make_notice(issued_on=D(2023, 1, 24))
    notice = make_notice()
    notice.supersedes = first
    notice.change_kind = "minor"
    with pytest.raises(ValidationError) as raised:
        notice.full_clean()
    assert "replaces" in str(
        raised.value.error_dict["change_kind"][0].message % raised.value.error_dict["change_kind"][0].params
    )


def test_rewording_an_improvement_area_is_major(client, publisher):
    notice = make_notice()
    make_area(notice, title="Culture", detail="<p>Old wording.</p>")
    response = edit(client, notice, **{"improvement_areas-0-detail": "<p>New wording.</p>", "change_kind": "minor"})
    # Once in the error summary at the top, linked to the area, and once on the area itself.
    assertContains(response, "rewording an improvement area of a published notice is a major change", count=2)
    assert notice.improvement_areas.get().detail == "<p>Old wording.</p>"


def test_removing_an_improvement_area_is_major(client, publisher):
    notice = make_notice()
    make_area(notice, title="Culture")
    response = edit(client, notice, **{"improvement_areas-0-DELETE": "on", "change_kind": "minor"})
    # Once in the error summary at the top, linked to the areas, and once above them.
    assertContains(response, "Removing an improvement area of a published notice is a major change", count=2)
    assert notice.improvement_areas.count() == 1


def test_updating_progress_is_a_minor_change(client, publisher):
    notice = make_notice()
    make_area(notice, title="Culture")
    response = edit(client, notice, **{"improvement_areas-0-progress": "in_progress", "change_kind": "minor"})
    assert response.status_code == 302
    assert notice.improvement_areas.get().progress == "in_progress"


def test_major_change_to_an_area_shows_on_the_public_notice_page(client, publisher):
    notice = make_notice()
    make_area(notice, title="Culture", detail="<p>Old wording.</p>")
    response = edit(
        client,
        notice,
        **{
            "improvement_areas-0-detail": "<p>Corrected wording.</p>",
            "change_kind": "major",
            "change_note": "Corrected the wording of the culture area to match the notice.",
        },
    )
    assert response.status_code == 302
    page = client.get(notice.get_absolute_url())
    assertContains(page, "Corrected wording.")
    assertContains(page, "See all updates")
    assertContains(page, "Corrected the wording of the culture area to match the notice.")
    assert [n.notice for n in NoticeChangeNote.objects.public()] == [notice]


# -- Attachments ------------------------------------------------------------------------------------


def test_a_png_renamed_pdf_is_refused(client, publisher):
    notice = make_notice(is_published=False)
    upload = SimpleUploadedFile("notice.pdf", PNG, content_type="application/pdf")
    response = edit(client, notice, files={"document": upload})
    assertContains(response, "This file is not a PDF, whatever its name says.")
    notice.refresh_from_db()
    assert not notice.document


def test_a_pdf_over_the_size_limit_is_refused(client, publisher, settings):
    settings.NOTICE_DOCUMENT_MAX_BYTES = 1000
    notice = make_notice(is_published=False)
    upload = SimpleUploadedFile("big.pdf", pdf_bytes(pages=30), content_type="application/pdf")
    response = edit(client, notice, files={"document": upload})
    assertContains(response, "the largest PDF the site accepts is 1000")


def test_a_damaged_pdf_is_refused(client, publisher):
    notice = make_notice(is_published=False)
    upload = SimpleUploadedFile("cut.pdf", pdf_bytes()[:200], content_type="application/pdf")
    response = edit(client, notice, files={"document": upload})
    assertContains(response, "This PDF cannot be read")


def test_a_real_pdf_is_accepted_and_described_on_the_public_page(client, publisher, settings):
    settings.ACCESSIBLE_FORMAT_EMAIL = "formats@example.gov.uk"
    notice = make_notice(is_published=False)
    content = pdf_bytes(pages=2)
    upload = SimpleUploadedFile("notice.pdf", content, content_type="application/pdf")
    assert edit(client, notice, files={"document": upload}).status_code == 302
    notice.refresh_from_db()
    assert notice.document_pages == 2
    notice.is_published = True
    notice.save()
    page = client.get(notice.get_absolute_url())
    kilobytes = max(1, round(len(content) / 1024))
    assertContains(page, f"(PDF, {kilobytes} KB, 2 pages)")
    assertContains(page, 'href="mailto:formats@example.gov.uk?subject=')
    assertContains(page, "Request an accessible format")


def test_the_pdf_rule_holds_outside_the_admin():
    notice = make_notice(is_published=False)
    notice.document = SimpleUploadedFile("notice.pdf", PNG)
    with pytest.raises(ValidationError) as raised:
        notice.full_clean()
    assert raised.value.error_dict["document"][0].code == "not_a_pdf"


def test_a_pdf_named_otherwise_is_refused():
    notice = make_notice(is_published=False)
    notice.document = SimpleUploadedFile("notice.exe", pdf_bytes())
    with pytest.raises(ValidationError) as raised:
        notice.full_clean()
    assert raised.value.error_dict["document"][0].code == "invalid_extension"


# -- Expiry reminders ----------------------------------------------------------------------------------


def test_notices_due_lists_published_notices_ending_within_the_days(time_machine):
    time_machine.move_to(datetime.datetime(2024, 7, 10, 12, 0))
    make_notice(issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31), title="Ends soon")
    make_notice(issued_on=D(2024, 3, 1), ends_on=D(2024, 12, 31), title="Ends later")
    make_notice(issued_on=D(2024, 2, 1), ends_on=D(2024, 7, 20), title="Draft ending", is_published=False)
    out = io.StringIO()
    call_command("notices_due", "--within", "30", stdout=out)
    assert "Ends soon: in force until 31 July 2024 (in 21 days)" in out.getvalue()
    assert "Ends later" not in out.getvalue() and "Draft ending" not in out.getvalue()
    out = io.StringIO()
    call_command("notices_due", "--within", "20", stdout=out)
    assert "No published notice stops being in force in the next 20 days." in out.getvalue()


def test_admin_index_asks_publishers_to_record_a_decision_and_shows_editors_the_date(client, time_machine):
    """Both roles see a notice ending soon; only Publishers, who can record the decision, are asked to."""
    time_machine.move_to(datetime.datetime(2024, 7, 10, 12, 0))
    make_notice(issued_on=D(2024, 1, 30), ends_on=D(2024, 7, 31), title="Ends soon")
    client.force_login(make_officer("Publishers"))
    response = client.get(reverse("admin:index"))
    assertContains(response, "Notices ending in the next 30 days")
    assertContains(response, "Record the department")
    client.force_login(make_officer("Editors"))
    response = client.get(reverse("admin:index"))
    assertContains(response, "Ends soon")
    assertNotContains(response, "Record the department")


# -- Content checks ------------------------------------------------------------------------------------


def test_change_page_warns_about_accessibility_problems_with_their_text(client, publisher):
    notice = make_notice(
        is_published=False, summary='<h3>Skipped</h3><p><a href="https://x.example">click here</a></p>'
    )
    make_area(notice, title="Culture", detail="<h4>Too deep</h4>")
    response = client.get(admin_url(notice, "change"))
    assertContains(response, "Check before publishing: 3 accessibility problems in the text.")
    assertContains(response, "skips a heading level: Heading 3 follows Heading 1: “Skipped”")
    assertContains(response, "does not say where it goes: “click here”")
    assertContains(response, "Improvement area “Culture”: skips a heading level")


# -- History -------------------------------------------------------------------------------------------


def test_notice_history_shows_every_version_of_its_areas(client, publisher):
    notice = make_notice(is_published=False)
    area = make_area(notice, title="Culture", detail="<p>First wording.</p>")
    area.detail = "<p>Second wording.</p>"
    area.save()
    response = client.get(admin_url(notice, "history"))
    assertContains(response, "Versions of the improvement areas")
    assertContains(response, "First wording.")
    assertContains(response, "Second wording.")


def test_deleted_notices_are_listed_for_recovery(client, publisher):
    notice = make_notice(is_published=False, title="Removed notice")
    assertContains(client.get(admin_url(BestValueNotice)), "Deleted Best Value Notices")
    notice.delete()
    response = client.get(admin_url(BestValueNotice, "deleted"))
    assertContains(response, "Removed notice")


def test_publisher_recovers_a_deleted_notice_with_the_areas_deleted_with_it(client, publisher):
    """Nothing is lost: the areas come back as they were; one removed earlier on its own does not."""
    notice = make_notice(is_published=False, title="Deleted by mistake")
    make_area(notice, position=1, title="Board", detail="<p>Keep the board.</p>", progress="in_progress")
    make_area(notice, position=2, title="Culture")
    removed_earlier = make_area(notice, position=3, title="Removed earlier").pk
    ImprovementArea.objects.get(pk=removed_earlier).delete()
    # Removed the day before the notice was deleted.
    ImprovementArea.history.filter(id=removed_earlier, history_type="-").update(
        history_date=timezone.now() - datetime.timedelta(days=1)
    )
    pk = notice.pk
    assert client.post(admin_url(BestValueNotice, "delete", pk), {"post": "yes"}).status_code == 302
    assert not ImprovementArea.objects.filter(notice_id=pk).exists()

    last = BestValueNotice.history.filter(id=pk).exclude(history_type="-").latest()
    url = admin_url(BestValueNotice, "simple_history", pk, last.history_id)
    response = client.post(url, form_data(client.get(url), "historicalbestvaluenotice_form"), follow=True)
    assertContains(response, "The 2 improvement areas deleted with the notice were restored too.")
    areas = BestValueNotice.objects.get(pk=pk).improvement_areas.all()
    assert [(a.title, a.detail, a.progress) for a in areas] == [
        ("Board", "<p>Keep the board.</p>", "in_progress"),
        ("Culture", "", "not_started"),
    ]


def test_area_wording_rule_holds_outside_the_admin():
    notice = make_notice()
    area = make_area(notice, title="Culture", detail="<p>Old.</p>")
    area.detail = "<p>New.</p>"
    with pytest.raises(ValidationError) as raised:
        area.full_clean()
    assert raised.value.error_dict["__all__"][0].code == "major_change_required"
    area.notice.change_kind = "major"
    area.full_clean()
    area.progress = "complete"
    area.notice.change_kind = None
    area.detail = "<p>Old.</p>"
    area.full_clean()  # progress alone is not a change of wording


def test_a_pdf_chosen_before_another_error_is_asked_for_again(client, publisher):
    """The form says plainly that the PDF was not kept and must be chosen again."""
    notice = make_notice(is_published=False)
    upload = SimpleUploadedFile("notice.pdf", pdf_bytes(), content_type="application/pdf")
    response = edit(client, notice, files={"document": upload}, title="")
    assertContains(response, "The file you chose (notice.pdf) was not saved because of the other errors")
    notice.refresh_from_db()
    assert not notice.document
