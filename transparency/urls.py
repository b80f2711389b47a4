from django.urls import path

from core import views
from core.feeds import TransparencyFeed

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("governance/", views.GovernanceView.as_view(), name="governance"),
    path("governance/transparency/", views.TransparencyIndexView.as_view(), name="transparency"),
    path("governance/transparency/feed/", TransparencyFeed(), name="transparency-feed"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
]
