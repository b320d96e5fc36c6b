"""The contact API for systems (a telephony platform, a mail gateway, another intake):
one contact in the import format in, the client and question it landed on out; and the
work queue and a question for reading. Errors are 400 with a message per field."""

from __future__ import annotations

from collections.abc import Mapping

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ..core import audit
from ..core.roles import Role, require_role
from . import selectors, services
from .choices import Channel, Topic
from .inputs import clean_contact
from .models import Question

TAG = "contact"
API_ROLES = (Role.CONTACT_AGENT, Role.TEAM_LEAD, Role.ADMINISTRATOR)


class ContactInSerializer(serializers.Serializer):
    ref = serializers.CharField(max_length=200)
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = serializers.CharField(help_text="ISO 8601 with UTC offset, e.g. 2026-03-01T09:30:00+01:00")
    name = serializers.CharField(required=False, allow_blank=True)
    birth_date = serializers.CharField(required=False, allow_blank=True, help_text="ISO date, or a year alone")
    nationality = serializers.CharField(required=False, allow_blank=True, help_text="ISO 3166 alpha-2")
    v_number = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    case_ref = serializers.CharField(required=False, allow_blank=True)
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, allow_blank=True)
    subject = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    message_id = serializers.CharField(required=False, allow_blank=True)
    in_reply_to = serializers.CharField(required=False, allow_blank=True)


class ContactOutSerializer(serializers.Serializer):
    ref = serializers.CharField()
    created = serializers.BooleanField()
    client_id = serializers.IntegerField(allow_null=True)
    match = serializers.CharField()
    question_id = serializers.IntegerField()
    question = serializers.CharField()
    joined_by = serializers.CharField(help_text="thread, case, topic, or empty when the contact opened the question")


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    client_id = serializers.IntegerField(allow_null=True)
    topic = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    opened_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    days_overdue = serializers.IntegerField()
    contacts = serializers.ListField(child=serializers.DictField(), required=False)


def question_payload(q: Question, *, with_contacts: bool = False) -> dict:
    data = {
        "id": q.pk,
        "reference": q.reference,
        "client_id": q.client_id,
        "topic": q.topic,
        "channel": q.channel,
        "status": q.status,
        "opened_at": q.opened_at,
        "due_on": q.due_on,
        "days_overdue": selectors.overdue_days(q),
    }
    if with_contacts:
        data["contacts"] = [
            {"ref": c.ref, "channel": c.channel, "received_at": c.received_at.isoformat()}
            for c in q.contacts.order_by("received_at")
        ]
    return QuestionSerializer(data).data


def _texts_only(data):
    """Every documented field is a text (or null): anything else is a 400 here, before the
    import format's checks, which expect texts."""
    if isinstance(data, Mapping):
        bad = {
            name: [_("Give a text.")]
            for name in ContactInSerializer().fields
            if data.get(name) is not None and not isinstance(data.get(name), str)
        }
        if bad:
            raise ValidationError(bad)
    return data


class ContactCreateView(APIView):
    @extend_schema(
        tags=[TAG], request=ContactInSerializer, responses={201: ContactOutSerializer, 200: ContactOutSerializer}
    )
    def post(self, request):
        """Take in one contact. The same ref again answers 200 and adds nothing."""
        require_role(request.user, *API_ROLES)
        data = clean_contact(_texts_only(request.data))
        received = services.receive_contact(data=data, actor=request.user)
        c = received.contact
        body = {
            "ref": c.ref,
            "created": received.created,
            "client_id": c.client_id,
            "match": c.match_outcome,
            "question_id": c.question_id,
            "question": c.question.reference,
            "joined_by": received.rule,
        }
        return Response(body, status=status.HTTP_201_CREATED if received.created else status.HTTP_200_OK)


class QueueView(APIView):
    @extend_schema(tags=[TAG], responses=QuestionSerializer(many=True))
    def get(self, request):
        """Open questions, soonest deadline first (at most 200)."""
        require_role(request.user, *API_ROLES)
        questions = selectors.work_queue(
            request.user,
            channel=request.GET.get("channel", ""),
            topic=request.GET.get("topic", ""),
            overdue=request.GET.get("overdue") in ("1", "true"),
            today=timezone.localdate(),
        )[:200]
        return Response([question_payload(q) for q in questions])


class QuestionView(APIView):
    @extend_schema(tags=[TAG], responses=QuestionSerializer)
    def get(self, request, pk):
        """One question with its contacts."""
        require_role(request.user, *API_ROLES)
        q = get_object_or_404(Question, pk=pk)
        audit.record(actor=request.user, action="contact.question.viewed", obj=q, data={"via": "api"})
        return Response(question_payload(q, with_contacts=True))
