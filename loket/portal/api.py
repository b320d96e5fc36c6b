"""The My Loket API: the same file the page shows, as JSON, for the signed-in client (or the
representative acting for them). It is authenticated by the client-site session, not by an
API token: a client is not a system, and has no staff account."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import authentication, exceptions, generics, pagination, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from loket.clients.models import Client, Representative
from loket.contact import selectors as contact_selectors

from . import explain, selectors
from .client_session import identity

TAG = "portal"


class PortalPrincipal:
    """Who the client-site session names: enough for DRF's ``request.user``."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, client: Client, representative: Representative | None):
        self.client, self.representative = client, representative


class PortalSessionAuthentication(authentication.BaseAuthentication):
    """The client site's session (``loket.portal.client_session``); a read needs no CSRF token."""

    def authenticate(self, request):
        who = identity(request._request)
        if who is None or who.client_id is None:
            return None
        client = Client.objects.filter(pk=who.client_id, merged_into__isnull=True).first()
        if client is None:
            return None
        representative = (
            Representative.objects.filter(pk=who.representative_id).first() if who.representative_id else None
        )
        return PortalPrincipal(client, representative), None


class PortalSessionScheme(OpenApiAuthenticationExtension):
    target_class = "loket.portal.api.PortalSessionAuthentication"
    name = "portalSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The session of a client signed in on the client site (DigiD).",
        }


class SignedInClient(permissions.BasePermission):
    message = _("Sign in to My Loket first.")

    def has_permission(self, request, view):
        return isinstance(request.user, PortalPrincipal)


class MySuspensionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)


class MyCaseSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.CharField(help_text="In the client's language.")
    track = serializers.CharField(help_text="In the client's language.")
    status = serializers.CharField(
        help_text="received, in_progress, suspended, awaiting_second_reader, approved or decided"
    )
    status_label = serializers.CharField()
    received_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True, help_text="The statutory decision date; null once decided.")
    days_left = serializers.IntegerField(allow_null=True)
    late = serializers.BooleanField()
    decided_on = serializers.DateField(allow_null=True)
    suspensions = MySuspensionSerializer(many=True)
    suspension_meaning = serializers.SerializerMethodField()
    next_step = serializers.CharField()
    can_do = serializers.CharField()

    def get_suspension_meaning(self, case) -> str:
        return str(explain.SUSPENSION_MEANING) if case.suspensions else ""


class MyAnswerSerializer(serializers.Serializer):
    subject = serializers.CharField(source="answer_subject")
    body = serializers.CharField(source="answer_body")
    sent_at = serializers.DateTimeField(source="answered_at")


class MyQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    case_ref = serializers.CharField()
    opened_at = serializers.DateTimeField()
    last_contact_at = serializers.DateTimeField()
    contact_count = serializers.IntegerField()
    answer = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_answer(self, q) -> MyAnswerSerializer(allow_null=True):  # type: ignore[valid-type]
        return MyAnswerSerializer(q).data if q.answer_body else None

    def get_url(self, q) -> str:
        return reverse("portal:my_question", args=[q.pk])


class MyDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    received_at = serializers.DateTimeField()
    question_id = serializers.IntegerField(source="question_pk")
    question_reference = serializers.CharField()
    case_ref = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, d) -> str:
        return reverse("portal:my_document", args=[d.pk])


class MyReadSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    what = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    team = serializers.CharField()


class MyClientSerializer(serializers.Serializer):
    name = serializers.CharField(source="client.display_name")
    v_number = serializers.CharField(source="client.v_number", allow_null=True)
    language = serializers.CharField(source="client.language")
    emails = serializers.ListField(child=serializers.CharField())
    phones = serializers.ListField(child=serializers.CharField())


class MyLoketSerializer(serializers.Serializer):
    client = MyClientSerializer(source="*")
    cases = MyCaseSerializer(many=True)
    questions = MyQuestionSerializer(
        many=True,
        help_text=f"The newest {selectors.QUESTIONS_SHOWN} questions; all of them, a page at a time: "
        "/api/v1/portal/my-loket/questions.",
    )
    question_count = serializers.IntegerField(help_text="How many questions the client has in all.")
    documents = MyDocumentSerializer(many=True)
    reads = MyReadSerializer(many=True, help_text="Who at the service opened the file: role and team, newest first.")


def _when(value):
    """A moment as DRF's DateTimeField writes it (ISO 8601 in the current time zone)."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(value):
    return value.isoformat() if value is not None else None


def question_json(q: selectors.QuestionView) -> dict:
    """What ``MyQuestionSerializer`` gives for ``q``, built directly (see ``as_json``)."""
    return {
        "id": q.pk,
        "reference": q.reference,
        "subject": q.subject,
        "status": q.status,
        "status_label": q.status_label,
        "case_ref": q.case_ref,
        "opened_at": _when(q.opened_at),
        "last_contact_at": _when(q.last_contact_at),
        "contact_count": q.contact_count,
        "answer": (
            {"subject": q.answer_subject, "body": q.answer_body, "sent_at": _when(q.answered_at)}
            if q.answer_body
            else None
        ),
        "url": q.url,
    }


def as_json(view: selectors.MyLoket) -> dict:
    """What ``MyLoketSerializer`` gives, built directly: the serializer (which documents the
    answer in openapi.yaml) took 30 ms of CPU for a client with 300 contacts, this takes 1.
    tests/portal/test_my_loket_api.py holds the two equal."""
    client = view.client
    return {
        "client": {
            "name": client.display_name,
            "v_number": client.v_number,
            "language": client.language,
            "emails": list(view.emails),
            "phones": list(view.phones),
        },
        "cases": [
            {
                "reference": c.reference,
                "kind": c.kind,
                "track": c.track,
                "status": c.status,
                "status_label": c.status_label,
                "received_on": _day(c.received_on),
                "due_on": _day(c.due_on),
                "days_left": c.days_left,
                "late": c.late,
                "decided_on": _day(c.decided_on),
                "suspensions": [
                    {"reason": s["reason"], "since": _day(s["since"]), "until": _day(s["until"])} for s in c.suspensions
                ],
                "suspension_meaning": str(explain.SUSPENSION_MEANING) if c.suspensions else "",
                "next_step": c.next_step,
                "can_do": c.can_do,
            }
            for c in view.cases
        ],
        "questions": [question_json(q) for q in view.questions],
        "question_count": view.question_count,
        "documents": [
            {
                "id": d.pk,
                "name": d.name,
                "size": d.size,
                "content_type": d.content_type,
                "received_at": _when(d.received_at),
                "question_id": d.question_pk,
                "question_reference": d.question_reference,
                "case_ref": d.case_ref,
                "url": d.url,
            }
            for d in view.documents
        ],
        "reads": [{"at": _when(r.at), "what": r.what, "roles": list(r.roles), "team": r.team} for r in view.reads],
    }


class ClientAPIView(APIView):
    authentication_classes = [PortalSessionAuthentication]
    permission_classes = [SignedInClient]

    def permission_denied(self, request, message=None, code=None):
        # Without a client session this is a 403 in the client's words: there is no token to send.
        raise exceptions.PermissionDenied(SignedInClient.message)


class MyLoketView(ClientAPIView):
    @extend_schema(
        tags=[TAG],
        operation_id="my_loket",
        summary="The signed-in client's own file",
        responses={200: MyLoketSerializer},
    )
    def get(self, request):
        if not isinstance(request.user, PortalPrincipal):  # pragma: no cover (the permission says so)
            raise exceptions.NotAuthenticated()
        return Response(as_json(selectors.my_loket(request.user.client)))


class MyQuestionsPagination(pagination.PageNumberPagination):
    page_size = selectors.QUESTIONS_PER_PAGE


class MyQuestionsView(ClientAPIView, generics.ListAPIView):
    """All the client's questions, newest first, a page at a time (``?page=2``)."""

    serializer_class = MyQuestionSerializer
    pagination_class = MyQuestionsPagination

    def get_queryset(self):
        return contact_selectors.client_question_rows(selectors.client_ids(self.request.user.client))

    @extend_schema(
        tags=[TAG],
        operation_id="my_loket_questions",
        summary="All the signed-in client's questions",
        responses={200: MyQuestionSerializer(many=True), 404: OpenApiResponse(description="No such page.")},
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([question_json(q) for q in selectors.question_views(rows)])
