"""The reporter's side of the reporting channel (meldpunt) as a JSON API.

No account, no session, no cookie: the only credential is the 16-digit receipt, sent in
the body of a POST (never in a URL, which proxies and servers log). The privacy
middleware has removed the client's address and user agent before these views run, and
every posted value is marked sensitive so that no error report can show it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from loket.core.safejson import BoundedJSONParser as JSONParser

from . import services
from .api_serializers import (
    ErrorSerializer,
    MessageCreatedSerializer,
    MinutesConfirmedSerializer,
    ReceiptSerializer,
    ReportCreatedSerializer,
    ReporterMessageMultipartSerializer,
    ReporterMessageSerializer,
    ReporterViewSerializer,
    ReportInputSerializer,
    ReportMultipartSerializer,
)
from .models import Channel, Message
from .services import ReportInput, Upload

TAG = "whistle (reporter)"


class ReceiptAttemptsExceeded(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = services.TooManyAttempts.message
    default_code = "too_many_attempts"

    def __init__(self):
        super().__init__()
        self.wait = settings.WHISTLE_RECEIPT_WINDOW_SECONDS  # becomes the Retry-After header


def receipt_not_found() -> NotFound:
    """One answer for every receipt that opens nothing: never issued, mistyped or malformed."""
    return NotFound(services.ReceiptNotFound.message)


def open_report(request, receipt: str):
    """The reporter's access to their report, or the API's answer for a wrong receipt."""
    try:
        return services.open_with_receipt(receipt, client=getattr(request, "reporter_client", None))
    except services.TooManyAttempts:
        raise ReceiptAttemptsExceeded() from None
    except services.ReceiptNotFound:
        raise receipt_not_found() from None


def reporter_payload(access) -> dict:
    view = services.reporter_view(access)
    return {
        "reference": view["reference"],
        "status": view["stage"],
        "status_label": view["stage_label"],
        "received_on": view["received_on"],
        "deadlines": {
            "acknowledge": {
                "due": view["acknowledge_due"],
                "days_left": view["acknowledge_days_left"],
                "done": view["acknowledged"],
            },
            "feedback": {
                "due": view["feedback_due"],
                "days_left": view["feedback_days_left"],
                "done": view["feedback_sent"],
            },
        },
        "closed": view["closed"],
        "oral": view["oral"],
        "minutes_confirmed": view["minutes_confirmed"],
        "description": view["description"],
        "messages": [
            {
                "kind": m.kind,
                "kind_label": m.kind_label,
                "body": m.body,
                "from_reporter": m.from_reporter,
                "created_at": m.created_at,
                "attachments": m.attachments,
            }
            for m in view["messages"]
        ],
    }


def message_payload(message: Message) -> dict:
    return {
        "kind": message.kind,
        "from_reporter": message.from_reporter,
        "created_at": message.created_at,
        "attachments": message.attachments.count(),
    }


def _input(request, json_serializer, multipart_serializer) -> dict:
    """The validated shape of the request, from JSON or from a multipart form."""
    is_form = request.content_type.split(";")[0].strip() in ("multipart/form-data", "application/x-www-form-urlencoded")
    serializer = (multipart_serializer if is_form else json_serializer)(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@method_decorator(sensitive_post_parameters(), name="dispatch")
class ReporterAPIView(APIView):
    """Open to everyone, and stateless: no authentication, so no session and no CSRF cookie."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]


_NOT_FOUND = OpenApiResponse(
    ErrorSerializer,
    description=_(
        "No report opens with this receipt (the same answer whether it never existed, is mistyped or malformed)."
    ),
)
_TOO_MANY = OpenApiResponse(ErrorSerializer, description=_("Too many wrong receipts in the last minute."))
_BAD = OpenApiResponse(description=_("Bad input: a message per field; nothing was stored."))


class ReportCreateView(ReporterAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG],
        operation_id="whistle_report_create",
        auth=[],
        summary=_("File a report of suspected wrongdoing"),
        description=_(
            "JSON, or multipart/form-data when there are attachments (repeat the field `attachments`). "
            "The answer holds the receipt, shown this once."
        ),
        request={"application/json": ReportInputSerializer, "multipart/form-data": ReportMultipartSerializer},
        responses={201: ReportCreatedSerializer, 400: _BAD},
        examples=[
            OpenApiExample(
                "smallest report",
                request_only=True,
                value={"description": "The counter was closed for weeks.", "anonymity": "anonymous"},
            )
        ],
    )
    def post(self, request):
        data = _input(request, ReportInputSerializer, ReportMultipartSerializer)
        uploads = [Upload.from_file(f) for f in data.pop("attachments", [])]
        submitted = services.submit_report(ReportInput(**data, attachments=uploads), channel=Channel.API)
        report = submitted.report
        return Response(
            {
                "reference": report.reference,
                "receipt": submitted.receipt,
                "acknowledge_due": report.acknowledge_due,
                "feedback_due": report.feedback_due,
                "status": report.stage,
            },
            status=status.HTTP_201_CREATED,
        )


class ReceiptView(ReporterAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="whistle_receipt_read",
        auth=[],
        summary=_("Read the status, deadlines and messages of your report"),
        request=ReceiptSerializer,
        responses={200: ReporterViewSerializer, 400: _BAD, 404: _NOT_FOUND, 429: _TOO_MANY},
    )
    def post(self, request):
        data = _input(request, ReceiptSerializer, ReceiptSerializer)
        return Response(reporter_payload(open_report(request, data["receipt"])))


def _message_schema(operation_id: str, summary, created):
    return extend_schema(
        tags=[TAG],
        operation_id=operation_id,
        auth=[],
        summary=summary,
        request={
            "application/json": ReporterMessageSerializer,
            "multipart/form-data": ReporterMessageMultipartSerializer,
        },
        responses={
            201: OpenApiResponse(MessageCreatedSerializer, description=created),
            400: _BAD,
            404: _NOT_FOUND,
            429: _TOO_MANY,
        },
    )


class ReceiptMessageView(ReporterAPIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    kind = Message.Kind.ADDITION

    @_message_schema("whistle_receipt_message", _("Answer a question or add information"), _("The message was added."))
    def post(self, request):
        data = _input(request, ReporterMessageSerializer, ReporterMessageMultipartSerializer)
        access = open_report(request, data["receipt"])
        uploads = [Upload.from_file(f) for f in data.get("attachments", [])]
        message = services.add_reporter_message(
            access, body=data["body"], attachments=uploads, strip_metadata=data["strip_metadata"], kind=self.kind
        )
        return Response(message_payload(message), status=status.HTTP_201_CREATED)


class MinutesCorrectionView(ReceiptMessageView):
    """A correction of the minutes of an oral report, in the reporter's own words."""

    kind = Message.Kind.CORRECTION

    @_message_schema(
        "whistle_receipt_minutes_correct", _("Correct the minutes of your oral report"), _("The correction was added.")
    )
    def post(self, request):
        return super().post(request)


class MinutesConfirmView(ReporterAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="whistle_receipt_minutes_confirm",
        auth=[],
        summary=_("Confirm the minutes of your oral report as correct"),
        request=ReceiptSerializer,
        responses={200: MinutesConfirmedSerializer, 400: _BAD, 404: _NOT_FOUND, 429: _TOO_MANY},
    )
    def post(self, request):
        data = _input(request, ReceiptSerializer, ReceiptSerializer)
        services.confirm_minutes(open_report(request, data["receipt"]))
        return Response({"minutes_confirmed": True})
