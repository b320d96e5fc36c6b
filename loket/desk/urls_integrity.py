"""The integrity officer's pages, mounted at /desk/integrity/: the dashboard, the register
of personnel measures, and the redacted export of a report for oversight."""

from django.urls import path

from .views_integrity import dashboard, export, measures

app_name = "integrity"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("measures/", measures.measure_list, name="measures"),
    path("measures/new/", measures.measure_new, name="measure_new"),
    path("measures/<int:pk>/", measures.measure_review, name="measure_review"),
    path("reports/<slug:reference>/export/", export.report_export, name="export"),
]
