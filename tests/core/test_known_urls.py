"""``{% url %}`` without arguments is worked out once per process; with arguments, on every use."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch

from core.templatetags import known_urls


@pytest.fixture
def reverses(monkeypatch):
    known_urls._known.clear()
    calls = []
    real_reverse = known_urls.reverse
    monkeypatch.setattr(known_urls, "reverse", lambda *a, **kw: calls.append(a) or real_reverse(*a, **kw))
    yield calls
    known_urls._known.clear()


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_an_address_without_arguments_is_reversed_once_for_every_page(reverses):
    pages = {render("{% url 'transparency:governance' %}") for _ in range(3)}
    assert pages == {"/governance/"}
    assert len(reverses) == 1


def test_an_address_with_arguments_follows_them():
    html = render("{% url 'notices:detail' slug=slug %}", slug="a-notice")
    assert html == "/governance/transparency/best-value-notices/a-notice/"
    assert render("{% url 'notices:detail' slug=slug %}", slug="another") == (
        "/governance/transparency/best-value-notices/another/"
    )


def test_as_a_variable_and_an_unknown_name_behave_as_in_django(reverses):
    assert render("{% url 'transparency:home' as home %}[{{ home }}]") == "[/]"
    assert render("{% url 'no-such-page' as missing %}[{{ missing }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")


def test_a_new_urlconf_forgets_the_known_addresses(settings, reverses):
    render("{% url 'transparency:governance' %}")
    settings.ROOT_URLCONF = "cpca_portal.urls"
    render("{% url 'transparency:governance' %}")
    assert len(reverses) == 2


@pytest.mark.django_db
def test_the_admin_still_links_to_its_own_pages(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "/admin/logout/" in response.content.decode()
