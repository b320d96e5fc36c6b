"""API of clients, mounted under /api/v1/clients/."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.ClientSearchAPI.as_view(), name="api-clients-search"),
    path("<int:pk>/", api.ClientDetailAPI.as_view(), name="api-clients-detail"),
]
