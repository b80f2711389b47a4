from django.urls import path

from bench import views
from cpca_portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("__bench__/baseline/", views.baseline, name="bench-baseline"),
    *site_urlpatterns,
]
