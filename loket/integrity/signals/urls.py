"""The signal pages, mounted at /desk/signals/."""

from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("run/", views.run_now, name="run"),
]
