from core.sitemaps import SiteUrlSitemap
from notices.models import BestValueNotice


class NoticeSitemap(SiteUrlSitemap):
    def items(self):
        return BestValueNotice.objects.published().only("slug", "updated_at")

    def lastmod(self, notice):
        return notice.updated_at
