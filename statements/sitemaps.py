from core.sitemaps import SiteUrlSitemap
from statements.models import Statement


class StatementSitemap(SiteUrlSitemap):
    def items(self):
        return Statement.objects.published().only("slug", "updated_at")

    def lastmod(self, statement):
        return statement.updated_at
