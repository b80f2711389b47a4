"""The site's public address, for links that leave the page (exports, feeds, sitemaps).

Built from ``settings.SITE_URL`` rather than the request's Host, so they stay the same
whichever host name the site answered on.
"""

from django.conf import settings


def absolute_url(path):
    """``path`` (starting with ``/``) on the site's public address."""
    return settings.SITE_URL + path
