"""The client's appointment pages on the client site, mounted under /appointments/."""

from django.urls import path

from . import portal_views as views

app_name = "appointments_portal"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("book/", views.choose, name="choose"),
    path("book/hold/", views.hold, name="hold"),
    path("book/confirm/", views.confirm, name="confirm"),
    path("waiting-list/", views.join_waiting_list, name="join_waiting_list"),
    path("waiting-list/<int:pk>/accept/", views.accept_offer, name="accept_offer"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/calendar.ics", views.calendar, name="ics"),
    path("<str:reference>/change/", views.reschedule, name="reschedule"),
    path("<str:reference>/cancel/", views.cancel, name="cancel"),
]
