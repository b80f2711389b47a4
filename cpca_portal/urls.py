from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.health import healthz
from core.media import serve_media
from core.sitemaps import FixedPagesSitemap
from core.views import editor_upload_refused
from notices.sitemaps import NoticeSitemap
from statements.sitemaps import StatementSitemap

admin.site.site_header = f"{settings.AUTHORITY_NAME}: Transparency"
admin.site.site_title = "Transparency admin"
admin.site.index_title = "Statements and Best Value Notices"

urlpatterns = [
    path("", include("core.urls")),
    path("governance/transparency/statements/", include("statements.urls")),
    path("governance/transparency/", include("notices.urls")),
    path("admin/", admin.site.urls),
    path("ckeditor5/image_upload/", editor_upload_refused, name="ck_editor_5_upload_file"),
    # Production (issue 6): health check for the load balancer; notice PDFs from local disk.
    path("healthz", healthz, name="healthz"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
]

# The sitemap lists every public page (issue 5); robots.txt and the favicon are in core.urls.
SITEMAPS = {"pages": FixedPagesSitemap, "statements": StatementSitemap, "notices": NoticeSitemap}
urlpatterns += [path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap")]
handler500 = "core.views.server_error"
