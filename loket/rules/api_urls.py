"""API of rules, mounted under /api/v1/rules/."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.RuleListView.as_view(), name="rules-api-list"),
    path("evaluate", api.EvaluateView.as_view(), name="rules-api-evaluate"),
]
