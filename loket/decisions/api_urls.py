"""API of decisions, mounted under /api/v1/decisions/."""

from django.urls import path

from . import api

urlpatterns = [
    path("<int:pk>", api.DecisionDetailView.as_view(), name="decisions-api-detail"),
    path("cases/<int:pk>/draft", api.DraftView.as_view(), name="decisions-api-draft"),
    path("cases/<int:pk>/approve", api.ApproveView.as_view(), name="decisions-api-approve"),
    path("cases/<int:pk>/issue", api.IssueView.as_view(), name="decisions-api-issue"),
    path("cases/<int:pk>/penalty", api.PenaltyView.as_view(), name="decisions-api-penalty"),
]
