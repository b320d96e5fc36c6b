"""Pages of the integrity app, mounted at /desk/integrity/access/."""

from django.urls import path

from . import views

app_name = "integrity_access"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("declarations/", views.declarations, name="declarations"),
    path("cases/<int:pk>/break-glass/", views.break_glass, name="break_glass"),
    path("cases/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("cases/<int:pk>/draws/", views.draws, name="draws"),
    path("reassignments/<int:pk>/decide/", views.decide, name="decide"),
]
