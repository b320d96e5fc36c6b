"""API of cases, mounted under /api/v1/cases/."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.CaseListView.as_view(), name="cases-api-list"),
    path("<int:pk>", api.CaseDetailView.as_view(), name="cases-api-detail"),
    path("<int:pk>/events", api.CaseEventView.as_view(), name="cases-api-events"),
]
