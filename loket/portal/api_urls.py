"""API of the client site, mounted under /api/v1/portal/."""

from django.urls import path

from . import api

urlpatterns = [
    path("my-loket", api.MyLoketView.as_view(), name="portal-api-my-loket"),
    path("my-loket/questions", api.MyQuestionsView.as_view(), name="portal-api-my-questions"),
]
