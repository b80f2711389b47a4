"""The sitemap: every public page, one section per kind of page."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse

from core.sitemaps import SiteUrlSitemap
from notices.models import BestValueNotice
from notices.sitemaps import NoticeSitemap
from statements.models import Statement
from statements.sitemaps import StatementSitemap

# The day the wording of the home, governance and accessibility pages last changed.
FIXED_PAGES_REVISED_ON = datetime.datetime(2026, 11, 26, tzinfo=datetime.UTC)


class FixedPagesSitemap(SiteUrlSitemap):
    """The pages that are not a statement or a notice. A list page changes when what it lists does."""

    def items(self):
        statements = Statement.objects.published().aggregate(last=Max("updated_at"))["last"]
        notices = BestValueNotice.objects.published().aggregate(last=Max("updated_at"))["last"]
        content = max((moment for moment in (statements, notices) if moment), default=None)
        return [
            ("transparency:home", FIXED_PAGES_REVISED_ON),
            ("transparency:governance", FIXED_PAGES_REVISED_ON),
            ("transparency:accessibility", FIXED_PAGES_REVISED_ON),
            ("transparency:index", content or FIXED_PAGES_REVISED_ON),
            ("statements:list", statements or FIXED_PAGES_REVISED_ON),
            ("notices:list", notices or FIXED_PAGES_REVISED_ON),
        ]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


SITEMAPS = {"pages": FixedPagesSitemap, "statements": StatementSitemap, "notices": NoticeSitemap}


def sitemap_or_index(request):
    """``/sitemap.xml``: one sitemap while every section fits on one page (``limit`` URLs), else
    Django's sitemap index, listing each page of each section."""
    sections = {name: sitemap() for name, sitemap in SITEMAPS.items()}
    if all(section.paginator.num_pages <= 1 for section in sections.values()):
        return sitemap_views.sitemap(request, sections)
    site = settings.SITE_URL.rstrip("/")
    pages = []
    for name, section in sections.items():
        location = site + reverse("sitemap-section", kwargs={"section": name})
        pages.append(SitemapIndexItem(location, None))
        pages += [SitemapIndexItem(f"{location}?p={page}", None) for page in range(2, section.paginator.num_pages + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": pages}, content_type="application/xml")
