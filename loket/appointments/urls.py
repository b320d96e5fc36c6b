"""Staff pages of appointments, mounted under /desk/appointments/."""

from django.urls import path

from . import admin_views, dashboard_views, views

app_name = "appointments"
urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("check-in/", views.check_in, name="check_in"),
    path("call/", views.call_next, name="call_next"),
    path("bookings/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("walk-in/", views.walk_in, name="walk_in"),
    path("screen/<slug:code>/", views.screen, name="screen"),
    path("book/", views.agent_book, name="agent_book"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("settings/", admin_views.home, name="admin_home"),
    path("signals/", views.signals, name="signals"),
]
