from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("best-value-notices/", views.NoticeListView.as_view(), name="list"),
    path("best-value-notices.csv", views.NoticeExportView.as_view(format="csv"), name="export-csv"),
    path("best-value-notices.json", views.NoticeExportView.as_view(format="json"), name="export-json"),
    path("best-value-notices/datapackage.json", views.NoticeDataPackageView.as_view(), name="datapackage"),
    path("best-value-notices/<slug:slug>/", views.NoticeDetailView.as_view(), name="detail"),
    path("best-value-notices/<slug:slug>/versions/", views.NoticeVersionsView.as_view(page="list"), name="versions"),
    path("best-value-notices/<slug:slug>/versions/<int:number>/", views.NoticeVersionsView.as_view(), name="version"),
    path(
        "best-value-notices/<slug:slug>/versions/<int:number>/changes/",
        views.NoticeVersionsView.as_view(page="changes"),
        name="version-changes",
    ),
]
