from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.health import healthz
from cpca_portal.sitemaps import SITEMAPS, sitemap_or_index
from cpca_portal.views import editor_upload_refused
from notices.media import serve_document

admin.site.site_header = f"{settings.AUTHORITY_NAME}: Transparency"
admin.site.site_title = "Transparency admin"
admin.site.index_title = "Statements and Best Value Notices"

urlpatterns = [
    path("", include("transparency.urls")),
    path("governance/transparency/statements/", include("statements.urls")),
    path("governance/transparency/", include("notices.urls")),
    path("admin/", admin.site.urls),
    path("ckeditor5/image_upload/", editor_upload_refused, name="ck_editor_5_upload_file"),
    # The load balancer's health check, and notice PDFs when they live on local disk.
    path("healthz", healthz, name="healthz"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_document, name="media"),
    path("sitemap.xml", sitemap_or_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
handler500 = "cpca_portal.views.server_error"
