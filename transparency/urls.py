from django.urls import path

from transparency import views
from transparency.feeds import TransparencyFeed

app_name = "transparency"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("governance/", views.GovernanceView.as_view(), name="governance"),
    path("governance/transparency/", views.TransparencyIndexView.as_view(), name="index"),
    path("governance/transparency/feed/", TransparencyFeed(), name="feed"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
]
