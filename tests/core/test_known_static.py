"""``{% static %}`` works out each file's address once per process, and forgets it when the settings change."""

import pytest
from django.template import engines

from core.templatetags import known_static


@pytest.fixture
def lookups(monkeypatch):
    known_static._known.clear()
    calls = []
    real = known_static.KnownStaticNode.handle_simple
    monkeypatch.setattr(
        known_static.KnownStaticNode, "handle_simple", classmethod(lambda cls, path: calls.append(path) or real(path))
    )
    yield calls
    known_static._known.clear()


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_a_file_is_looked_up_once_for_every_page(lookups, settings):
    pages = {render("{% static 'css/site.css' %}") for _ in range(3)}
    assert pages == {f"{settings.STATIC_URL}css/site.css"}
    assert lookups == ["css/site.css"]


def test_as_a_variable_it_behaves_as_in_django(lookups, settings):
    assert render("{% static 'favicon.svg' as icon %}[{{ icon }}]") == f"[{settings.STATIC_URL}favicon.svg]"


def test_the_site_template_uses_the_builtin_not_djangos_library():
    """``{% load static %}`` in a template would put Django's tag back, looking the file up on every page."""
    from django.conf import settings

    base = (settings.BASE_DIR / "templates" / "base.html").read_text()
    assert "{% static" in base
    assert not any("static" in line.split() for line in base.splitlines() if line.startswith("{% load"))


def test_a_new_static_url_forgets_the_known_addresses(lookups, settings):
    render("{% static 'css/site.css' %}")
    settings.STATIC_URL = "/assets/"
    assert render("{% static 'css/site.css' %}") == "/assets/css/site.css"
    assert len(lookups) == 2
