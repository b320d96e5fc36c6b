"""API of appointments, mounted under /api/v1/appointments/."""

from django.urls import path

from . import api

urlpatterns = [
    path("locations", api.LocationsView.as_view(), name="appointments-api-locations"),
    path("services", api.ServicesView.as_view(), name="appointments-api-services"),
    path("slots", api.SlotsView.as_view(), name="appointments-api-slots"),
    path("bookings", api.BookingsView.as_view(), name="appointments-api-bookings"),
    path("bookings/<str:reference>", api.BookingView.as_view(), name="appointments-api-booking"),
    path("bookings/<str:reference>/reschedule", api.RescheduleView.as_view(), name="appointments-api-reschedule"),
    path("bookings/<str:reference>/cancel", api.CancelView.as_view(), name="appointments-api-cancel"),
]
