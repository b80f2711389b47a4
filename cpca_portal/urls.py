from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.AUTHORITY_NAME}: Transparency"
admin.site.site_title = "Transparency admin"
admin.site.index_title = "Statements and Best Value Notices"

urlpatterns = [
    path("", include("core.urls")),
    path("governance/transparency/statements/", include("statements.urls")),
    path("governance/transparency/", include("notices.urls")),
    path("admin/", admin.site.urls),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
