"""Staff pages of appointments, mounted under /desk/appointments/."""

from django.urls import path

from . import admin_edit_views as edit, admin_views, dashboard_views, views

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
    path("settings/locations/<slug:code>/", edit.location_edit, name="location_edit"),
    path("settings/locations/<slug:code>/remove/", edit.location_remove, name="location_remove"),
    path("settings/locations/<slug:code>/reactivate/", edit.location_reactivate, name="location_reactivate"),
    path("settings/services/<slug:code>/", edit.service_edit, name="service_edit"),
    path("settings/services/<slug:code>/remove/", edit.service_remove, name="service_remove"),
    path("settings/services/<slug:code>/reactivate/", edit.service_reactivate, name="service_reactivate"),
    path("settings/closures/<int:pk>/", edit.closure_edit, name="closure_edit"),
    path("settings/closures/<int:pk>/remove/", edit.closure_remove, name="closure_remove"),
    path("settings/rosters/", edit.rosters, name="rosters"),
    path("settings/rosters/<int:pk>/", edit.roster_edit, name="roster_edit"),
    path("settings/rosters/<int:pk>/remove/", edit.roster_remove, name="roster_remove"),
    path("signals/", views.signals, name="signals"),
]
