"""The parts of the public site every page shares: metadata, sitemap, robots.txt, error pages."""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.utils import timezone
from pytest_django.asserts import assertContains

from cpca_portal.views import server_error
from tests.factories import make_chain, make_notice, make_statement
from tests.helpers import assert_queries_do_not_grow
from tests.pages import TITLE_SUFFIX, h1_count, page_title

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(response, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', response.content.decode())
    return match.group(1) if match else None


def link_href(response, rel):
    match = re.search(rf'<link rel="{rel}" href="([^"]*)"', response.content.decode())
    return match.group(1) if match else None


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://transparency.example.gov.uk"


@pytest.mark.django_db
def test_statement_page_has_its_summary_as_description_a_canonical_url_and_open_graph_tags(client):
    statement = make_statement(title="Our response", summary="What we said about the notice & why.")
    response = client.get(statement.get_absolute_url() + "?utm_source=x")
    url = "https://transparency.example.gov.uk" + statement.get_absolute_url()
    assert meta(response, "name", "description") == "What we said about the notice &amp; why."
    assert meta(response, "property", "og:description") == "What we said about the notice &amp; why."
    assert link_href(response, "canonical") == url
    assert meta(response, "property", "og:url") == url
    assert meta(response, "property", "og:title") == f"Our response – Transparency – {TITLE_SUFFIX}"
    assert meta(response, "property", "og:type") == "article"
    assert meta(response, "property", "og:site_name") == TITLE_SUFFIX


@pytest.mark.django_db
def test_notice_page_has_its_summary_as_plain_text_description(client):
    notice = make_notice(summary="<p>The department <strong>asked</strong> for A &amp; B.</p>")
    response = client.get(notice.get_absolute_url())
    assert meta(response, "name", "description") == "The department asked for A &amp; B."


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/governance/", "/accessibility/", "/search/?q=x"])
def test_every_page_links_a_favicon_the_accessibility_statement_and_the_licence(client, url):
    response = client.get(url)
    assertContains(response, '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">')
    assertContains(response, '<a href="/accessibility/">Accessibility statement</a>')
    assertContains(response, "Open Government Licence v3.0")
    assertContains(response, 'href="mailto:transparency@')
    assert h1_count(response) == 1


@pytest.mark.django_db
def test_no_public_page_has_inline_styles_or_scripts(client):
    make_statement()
    for url in ["/", "/governance/", "/governance/transparency/", "/accessibility/", "/search/?q=statement"]:
        content = client.get(url).content.decode()
        assert "style=" not in content and "<style" not in content, url
        assert "<script" not in content, url


@pytest.mark.django_db
def test_accessibility_statement_says_how_and_when_the_site_was_tested(client):
    response = client.get("/accessibility/")
    assert page_title(response) == f"Accessibility statement – {TITLE_SUFFIX}"
    assertContains(response, "Compliance status")
    assertContains(response, "axe-core")
    assertContains(response, "Lighthouse")
    assertContains(response, "This website was last tested on <strong>26 November 2026</strong>")
    assertContains(response, "Enforcement procedure")
    assertContains(response, "Equality Advisory and Support Service")


@pytest.mark.django_db
def test_sitemap_lists_every_published_page_with_its_last_modification(client):
    live = make_statement(title="Live")
    make_statement(title="Draft", slug="draft-statement", is_published=False)
    make_statement(title="Later", slug="later-statement", published_at=timezone.now() + datetime.timedelta(days=1))
    notice = make_notice()
    make_notice(slug="draft-notice", is_published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {
        url.find("sm:loc", SITEMAP_NS).text: url.find("sm:lastmod", SITEMAP_NS).text
        for url in root.findall("sm:url", SITEMAP_NS)
    }
    base = "https://transparency.example.gov.uk"
    assert set(entries) == {
        f"{base}/",
        f"{base}/governance/",
        f"{base}/accessibility/",
        f"{base}/governance/transparency/",
        f"{base}/governance/transparency/statements/",
        f"{base}/governance/transparency/best-value-notices/",
        base + live.get_absolute_url(),
        base + notice.get_absolute_url(),
    }
    assert entries[base + live.get_absolute_url()] == live.updated_at.date().isoformat()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", lastmod) for lastmod in entries.values())


@pytest.mark.django_db
def test_sitemap_makes_the_same_number_of_queries_with_10_and_100_records(client):
    make_chain(10, start=datetime.date(2000, 1, 1))
    assert_queries_do_not_grow(client, "/sitemap.xml", lambda: make_chain(90, start=datetime.date(2010, 1, 1)))


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://transparency.example.gov.uk/sitemap.xml" in lines


def test_favicon_ico_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


@pytest.mark.django_db
def test_unknown_page_gets_the_friendly_404_in_the_site_layout(client):
    response = client.get("/governance/transparency/statements/no-such-statement/")
    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, '<a href="#main-content" class="skip-link">', status_code=404)
    assertContains(response, 'href="/governance/transparency/"', status_code=404)
    assert page_title(response) == f"Page not found – {TITLE_SUFFIX}"
    assert h1_count(response) == 1
    assertContains(response, '<meta name="robots" content="noindex">', status_code=404)


def test_500_page_renders_without_the_database_or_the_request():
    """No django_db mark: any query would fail this test."""
    response = server_error(RequestFactory().get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in content
    assert "Cambridgeshire &amp; Peterborough Combined Authority" in content
    assert '<a href="#main-content" class="skip-link">' in content
    assert "transparency@" in content


def test_500_template_renders_with_an_empty_context_as_django_would():
    from django.template import loader

    content = loader.get_template("500.html").render({})
    assert "Sorry, there is a problem with the service" in content
    assert content.count("<h1>") == 1


def test_a_server_error_shows_the_friendly_500_page(client, settings):
    """A view that fails answers with the 500 page, not a traceback."""
    from django.urls import include, path

    from cpca_portal import urls as project_urls

    def broken(request):
        raise RuntimeError("boom")

    urlconf = type(
        "urlconf",
        (),
        {
            "urlpatterns": [path("broken/", broken), path("", include("cpca_portal.urls"))],
            "handler500": project_urls.handler500,
        },
    )
    settings.ROOT_URLCONF = urlconf
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assertContains(response, "Sorry, there is a problem with the service", status_code=500)


PUBLIC_PAGES = [
    "/",
    "/governance/",
    "/governance/transparency/",
    "/governance/transparency/statements/",
    "/governance/transparency/best-value-notices/",
    "/accessibility/",
    "/search/?q=notice",
]


@pytest.mark.django_db
def test_every_public_page_has_its_own_description(client):
    """Search results and link previews tell the pages apart: no two share a meta description."""
    notice = make_notice(title="A notice", summary="<p>What this notice says.</p>")
    statement = make_statement(summary="What this statement says.")
    urls = [*PUBLIC_PAGES, notice.get_absolute_url(), statement.get_absolute_url()]
    descriptions = {url: meta(client.get(url), "name", "description") for url in urls}
    assert all(descriptions.values()), descriptions
    assert len(set(descriptions.values())) == len(urls), descriptions


def png_size(path):
    """Width and height from a PNG's header (the IHDR chunk)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_offers_link_previews_a_branded_card_with_its_size_and_alt_text(client, url, settings):
    """og:image is an absolute address of the card in static/, with the card's real size; plus site name and Twitter card."""
    response = client.get(url)
    image = meta(response, "property", "og:image")
    assert image == "https://transparency.example.gov.uk/static/img/og-card.png"
    card = Path(finders.find("img/og-card.png"))
    width, height = png_size(card)
    assert (meta(response, "property", "og:image:width"), meta(response, "property", "og:image:height")) == (
        str(width),
        str(height),
    )
    assert (width, height) == (1200, 630)
    assert meta(response, "property", "og:image:alt") == (
        "Cambridgeshire &amp; Peterborough Combined Authority: Governance and transparency"
    )
    assert meta(response, "property", "og:site_name") == "Cambridgeshire &amp; Peterborough Combined Authority"
    assert meta(response, "name", "twitter:card") == "summary_large_image"


@pytest.mark.django_db
def test_sitemap_past_its_page_size_becomes_an_index_of_every_sections_pages(client, monkeypatch):
    from core.sitemaps import SiteUrlSitemap

    monkeypatch.setattr(SiteUrlSitemap, "limit", 2)
    for number in range(3):
        make_statement(slug=f"paged-{number}")
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    base = "https://transparency.example.gov.uk"
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert f"{base}/sitemap-statements.xml" in locations
    assert f"{base}/sitemap-statements.xml?p=2" in locations
    listed = []
    for page in ("/sitemap-statements.xml", "/sitemap-statements.xml?p=2"):
        urls = ET.fromstring(client.get(page).content).findall("sm:url", SITEMAP_NS)
        assert len(urls) <= 2
        listed += [url.find("sm:loc", SITEMAP_NS).text for url in urls]
    assert sorted(listed) == sorted(f"{base}/governance/transparency/statements/paged-{n}/" for n in range(3))
    assert client.get("/sitemap-statements.xml?p=9").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
