"""The reporter's API, mounted at /api/v1/whistle/. Each path also answers with a trailing
slash; the schema documents the form without it."""

from django.urls import path

from . import api


def _route(route: str, view, name: str) -> list:
    return [path(route, view.as_view(), name=name), path(route + "/", view.as_view(schema=None))]


urlpatterns = [
    *_route("reports", api.ReportCreateView, "whistle-api-report-create"),
    *_route("receipt", api.ReceiptView, "whistle-api-receipt"),
    *_route("receipt/messages", api.ReceiptMessageView, "whistle-api-receipt-messages"),
    *_route("receipt/minutes/confirm", api.MinutesConfirmView, "whistle-api-minutes-confirm"),
    *_route("receipt/minutes/correct", api.MinutesCorrectionView, "whistle-api-minutes-correct"),
]
