from django.urls import path

from statements import views

app_name = "statements"

urlpatterns = [
    path("", views.StatementListView.as_view(), name="list"),
    path("<slug:slug>/", views.StatementDetailView.as_view(), name="detail"),
    path("<slug:slug>/versions/", views.StatementVersionsView.as_view(page="list"), name="versions"),
    path("<slug:slug>/versions/<int:number>/", views.StatementVersionsView.as_view(), name="version"),
    path(
        "<slug:slug>/versions/<int:number>/changes/",
        views.StatementVersionsView.as_view(page="changes"),
        name="version-changes",
    ),
]
