"""The base of every sitemap: absolute URLs built from ``settings.SITE_URL``, whatever host the request used."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteUrlSitemap(Sitemap):
    # URLs per sitemap page: past this, /sitemap.xml becomes an index of the sections' pages.
    limit = 1000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
