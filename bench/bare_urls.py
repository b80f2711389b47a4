from django.urls import path

from bench import views

urlpatterns = [path("__bench__/baseline/", views.baseline)]
