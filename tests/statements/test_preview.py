"""Officers preview a draft, or an unsaved change, in the public layout; nobody else sees it."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from statements.models import Statement
from tests.factories import make_statement
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db


def preview_url(statement):
    return admin_url(statement, "preview")


def change_url(statement):
    return admin_url(statement, "change")


def test_an_editor_previews_a_draft_in_the_public_layout(client, editor):
    """The draft's page, with the preview banner, never indexed and never cached."""
    draft = make_statement(is_published=False, title="Our draft response", body="<p>Draft words.</p>")
    response = client.get(preview_url(draft))
    assertContains(response, "Preview – not published.")
    assertContains(response, "<h1>Our draft response</h1>", html=True)
    assertContains(response, "Draft words.")
    assertContains(response, '<meta name="robots" content="noindex, nofollow">')
    assertNotContains(response, 'rel="canonical"')
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_public_never_sees_a_preview():
    """Anonymous readers are sent to the sign-in page, and the draft's public address stays a 404."""
    draft = make_statement(is_published=False)
    public = Client()
    response = public.get(preview_url(draft))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert public.get(draft.get_absolute_url()).status_code == 404


def test_staff_without_view_permission_cannot_preview(client):
    """A staff account in no group gets 403, for a saved draft and for a posted change."""
    draft = make_statement(is_published=False)
    client.force_login(User.objects.create_user("nobody", is_staff=True))
    assert client.get(preview_url(draft)).status_code == 403
    assert client.post(preview_url(draft), {"title": "x"}).status_code == 403


def test_an_auditor_previews_a_draft_but_not_an_unsaved_change(client, auditor):
    """Auditors may view every record, so they see the preview; they change nothing, so they cannot post one."""
    draft = make_statement(is_published=False, title="Draft for audit")
    assertContains(client.get(preview_url(draft)), "Draft for audit")
    assert client.post(preview_url(draft), {"title": "x"}).status_code == 403


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_every_officer_previews_an_unsaved_change_and_nothing_is_saved(client, role, request):
    """The Preview button posts the form: the page shows what was typed, sanitized, and the record is unchanged."""
    request.getfixturevalue(role)
    draft = make_statement(is_published=False, title="Saved title", body="<p>Saved body.</p>")
    typed = "<p>Typed body.</p><script>alert(1)</script>"
    data = form_data(client.get(change_url(draft)), "statement_form", title="Typed title", body=typed)
    response = client.post(preview_url(draft), data)
    assertContains(response, "Your unsaved changes, shown only to you.")
    assertContains(response, "Typed title")
    assertContains(response, "Typed body.")
    assertNotContains(response, "<script>alert(1)</script>")
    draft.refresh_from_db()
    assert (draft.title, draft.body) == ("Saved title", "<p>Saved body.</p>")


def test_a_new_statement_is_previewed_from_the_add_form(client, editor):
    """Before its first save, a statement can be previewed, and previewing does not create it."""
    data = form_data(
        client.get(admin_url(Statement, "add")),
        "statement_form",
        title="Not saved yet",
        slug="not-saved-yet",
        summary="Summary.",
        body="<p>New words.</p>",
        published_at_0="01/02/2024",
        published_at_1="09:00:00",
    )
    response = client.post(admin_url(Statement, "preview_new"), data)
    assertContains(response, "New words.")
    assert not Statement.objects.exists()


def test_a_preview_with_errors_says_what_to_fix(client, editor):
    """A change that could not be saved cannot be previewed either: the page says why, with 400."""
    draft = make_statement(is_published=False)
    data = form_data(client.get(change_url(draft)), "statement_form", title="")
    response = client.post(preview_url(draft), data)
    assertContains(response, "Title: This field is required.", status_code=400)


def test_view_on_site_opens_the_preview_of_a_draft_and_the_page_of_a_published_statement(client, publisher):
    """A draft has no public page yet, so "View on site" points at its preview."""
    draft, live = make_statement(is_published=False), make_statement()
    assertContains(client.get(change_url(draft)), f'href="{preview_url(draft)}"')
    assertContains(client.get(change_url(draft)), f'formaction="{preview_url(draft)}"')
    assertNotContains(client.get(change_url(live)), f'href="{preview_url(live)}"')
