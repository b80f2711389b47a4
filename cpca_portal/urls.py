from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core.health import healthz
from core.media import serve_media

admin.site.site_header = f"{settings.AUTHORITY_NAME}: Transparency"
admin.site.site_title = "Transparency admin"
admin.site.index_title = "Statements and Best Value Notices"

urlpatterns = [
    path("", include("core.urls")),
    path("governance/transparency/statements/", include("statements.urls")),
    path("governance/transparency/", include("notices.urls")),
    path("admin/", admin.site.urls),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    # Production (issue 6): health check for the load balancer; notice PDFs from local disk.
    path("healthz", healthz, name="healthz"),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
]
