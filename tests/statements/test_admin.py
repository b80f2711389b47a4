import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django.asserts import assertContains

from statements.models import Statement
from tests.factories import make_statement
from tests.helpers import admin_url
from tests.officers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    User.objects.create_superuser("root", password="a-long-test-password")
    client.login(username="root", password="a-long-test-password")
    return client


def test_statement_list_shows_scheduled_time(superuser_client):
    moment = timezone.make_aware(datetime.datetime(2099, 2, 1, 9, 0))
    make_statement(title="Future statement", published_at=moment)
    response = superuser_client.get(admin_url(Statement))
    assertContains(response, "Scheduled for 9:00 on 1 February 2099")


def test_statement_form_uses_ckeditor_and_view_on_site(superuser_client):
    statement = make_statement()
    response = superuser_client.get(admin_url(statement, "change"))
    assertContains(response, 'class="django_ckeditor_5"')
    assertContains(response, "View on site")


def test_statement_search_finds_body_text(superuser_client):
    make_statement(title="Findable", body="<p>needle in body</p>")
    make_statement(title="Other")
    response = superuser_client.get(admin_url(Statement) + "?q=needle")
    assertContains(response, "Findable")
    assert "Other" not in response.content.decode().split('id="result_list"')[1]


def test_sending_for_review_shows_the_content_warnings_on_the_page_the_editor_lands_on(client, editor):
    """The h1 (kept as an h2) and the vague link are reported after the save, each linking to its field."""
    page = client.get(admin_url(Statement, "add"))
    data = form_data(
        page,
        "statement_form",
        title="With problems",
        slug="with-problems",
        summary="Summary.",
        body='<h1>Our plan</h1><p>Read it <a href="https://example.org/plan">here</a>.</p>',
        published_at_0="30/01/2024",
        published_at_1="09:00:00",
        _send_for_review="Send for review",
    )
    response = client.post(admin_url(Statement, "add"), data, follow=True)
    statement = Statement.objects.get(slug="with-problems")
    assert statement.body.startswith("<h2>Our plan</h2>")
    assertContains(response, "Check before publishing: 2 accessibility problems in the text.")
    assertContains(response, f'<a href="{admin_url(statement, "change")}#id_body">Body: uses a main heading (h1)')
    assertContains(response, "has a link whose text does not say where it goes")
