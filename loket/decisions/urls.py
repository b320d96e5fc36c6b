"""Staff pages of decisions, mounted under /desk/decisions/."""

from django.urls import path

from . import dashboard_views, mandate_views, views

app_name = "decisions"
urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("cases/<int:pk>/draft/", views.save_draft, name="save_draft"),
    path("cases/<int:pk>/hearing-exception/", views.hearing_exception, name="hearing_exception"),
    path("cases/<int:pk>/approve/", views.approve, name="approve"),
    path("cases/<int:pk>/issue/", views.issue, name="issue"),
    path("cases/<int:pk>/penalty/", views.fix_penalty, name="fix_penalty"),
    path("mandates/", mandate_views.register, name="mandates"),
    path("mandates/<int:pk>/end/", mandate_views.end, name="end_mandate"),
]
