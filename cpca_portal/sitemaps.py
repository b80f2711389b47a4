"""The sitemap: every public page, with the absolute URLs built from ``settings.SITE_URL``."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from notices.models import BestValueNotice
from statements.models import Statement

# The day the wording of the home, governance and accessibility pages last changed.
FIXED_PAGES_REVISED_ON = datetime.datetime(2026, 11, 26, tzinfo=datetime.UTC)


class _SiteDomain:
    def __init__(self, domain):
        self.domain = domain


class SiteUrlSitemap(Sitemap):
    """A sitemap whose URLs start with ``settings.SITE_URL``, whatever host the request used."""

    def get_urls(self, page=1, site=None, protocol=None):
        parts = urlsplit(settings.SITE_URL)
        return super().get_urls(page=page, site=_SiteDomain(parts.netloc), protocol=parts.scheme)


class FixedPagesSitemap(SiteUrlSitemap):
    """The pages that are not a statement or a notice. A list page changes when what it lists does."""

    def items(self):
        statements = Statement.objects.published().aggregate(last=Max("updated_at"))["last"]
        notices = BestValueNotice.objects.published().aggregate(last=Max("updated_at"))["last"]
        content = max((moment for moment in (statements, notices) if moment), default=None)
        return [
            ("core:home", FIXED_PAGES_REVISED_ON),
            ("core:governance", FIXED_PAGES_REVISED_ON),
            ("core:accessibility", FIXED_PAGES_REVISED_ON),
            ("core:transparency", content or FIXED_PAGES_REVISED_ON),
            ("statements:list", statements or FIXED_PAGES_REVISED_ON),
            ("notices:list", notices or FIXED_PAGES_REVISED_ON),
        ]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]
