"""Staff pages of rules, mounted under /desk/rules/."""

from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<str:rule_id>/", views.rule_detail, name="rule"),
]
