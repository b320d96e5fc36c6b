"""Staff pages of cases, mounted under /desk/cases/."""

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.open_case, name="new"),
    path("late/", views.late, name="late"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/events/", views.record_event, name="record_event"),
    path("<int:pk>/hearing/", views.record_hearing, name="record_hearing"),
]
