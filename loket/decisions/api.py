"""The decisions API (/api/v1/decisions/): write the draft, approve it as second reader,
issue it, fix a penalty, read an issued decision.

``POST cases/{id}/issue`` answers 400 with the violations when the rules stop the decision:
``{"violations": [{rule, outcome, message, source}], "unacknowledged": [rule ids],
"non_field_errors": [messages]}``, in the caller's language.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from loket.cases.access import open_case_for, require_case_access
from loket.cases.models import Case
from loket.core.models import User

from . import services
from .choices import HearingException, Outcome, RemediesNotice, RevocationGround
from .models import Decision, DecisionDraft

TAG = "decisions"

_violation = inline_serializer(
    "DecisionViolation",
    {
        "rule": serializers.CharField(),
        "outcome": serializers.ChoiceField(["block", "warn"]),
        "message": serializers.CharField(),
        "source": serializers.CharField(),
    },
)
_stopped = inline_serializer(
    "DecisionStopped",
    {
        "violations": serializers.ListField(child=_violation),
        "unacknowledged": serializers.ListField(child=serializers.CharField()),
        "non_field_errors": serializers.ListField(child=serializers.CharField()),
    },
)


class DraftInSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")
    signatory = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="default: the author",
    )
    hearing_exception = serializers.ChoiceField(
        choices=HearingException.choices, required=False, allow_blank=True, default=""
    )
    revocation_ground = serializers.ChoiceField(
        choices=RevocationGround.choices, required=False, allow_blank=True, default=""
    )
    departs_from_advice = serializers.BooleanField(required=False, default=False)
    remedies_notice = serializers.ChoiceField(
        choices=RemediesNotice.choices, required=False, allow_blank=True, default=""
    )


class DraftSerializer(serializers.Serializer):
    case = serializers.CharField(source="case.reference")
    outcome = serializers.CharField()
    reasons = serializers.CharField()
    legal_basis = serializers.CharField()
    author = serializers.CharField(source="author.username")
    signatory = serializers.CharField(source="signatory.username")
    hearing_exception = serializers.CharField()
    revocation_ground = serializers.CharField()
    second_reader = serializers.SerializerMethodField()
    approved = serializers.BooleanField()

    def get_second_reader(self, draft) -> str | None:
        return draft.second_reader.username if draft.approved else None


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.CharField(source="case.reference")
    decided_on = serializers.DateField()
    outcome = serializers.CharField()
    reasons = serializers.CharField()
    legal_basis = serializers.CharField()
    author = serializers.CharField(source="author.username")
    signatory = serializers.CharField(source="signatory.username")
    second_reader = serializers.CharField(source="second_reader.username", allow_null=True, default=None)
    due_on = serializers.DateField(allow_null=True)
    days_late = serializers.IntegerField()
    rule_results = serializers.ListField(child=serializers.DictField())
    ruleset_version = serializers.CharField()


class IssueInSerializer(serializers.Serializer):
    acknowledgements = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="{rule id: reason} for each warning",
    )


class PenaltyOutSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=9, decimal_places=2)
    on = serializers.DateField()


class PenaltyInSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=9, decimal_places=2, required=False, allow_null=True, help_text="default: the amount owed today"
    )


def _case(request, pk) -> Case:
    case = get_object_or_404(Case, pk=pk)
    require_case_access(request.user, case)
    return case


def _draft(case) -> DecisionDraft:
    return get_object_or_404(
        DecisionDraft.objects.select_related("case", "author", "signatory", "second_reader"), case=case
    )


class DraftView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Write or change the draft decision (the caller is its author)",
        request=DraftInSerializer,
        responses={200: DraftSerializer},
    )
    def put(self, request, pk):
        case = _case(request, pk)
        serializer = DraftInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = services.save_draft(case=case, actor=request.user, **serializer.validated_data)
        return Response(DraftSerializer(draft).data)


class ApproveView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Approve the draft as second reader (FOUR-01)",
        request=None,
        responses={200: DraftSerializer},
    )
    def post(self, request, pk):
        draft = services.approve_as_second_reader(draft=_draft(_case(request, pk)), actor=request.user)
        return Response(DraftSerializer(draft).data)


class IssueView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Issue the decision if the rules in force today allow it",
        request=IssueInSerializer,
        responses={201: DecisionSerializer, 400: _stopped},
    )
    def post(self, request, pk):
        draft = _draft(_case(request, pk))
        serializer = IssueInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            decision = services.issue_decision(
                draft=draft, actor=request.user, acknowledgements=serializer.validated_data["acknowledgements"]
            )
        except services.DecisionStopped as stopped:
            return Response(
                {
                    "violations": [v.as_dict() for v in stopped.violations],
                    "unacknowledged": [v.rule for v in stopped.unacknowledged],
                    "non_field_errors": stopped.messages,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class PenaltyView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Fix the penalty owed for deciding late (Awb 4:18)",
        request=PenaltyInSerializer,
        responses={201: PenaltyOutSerializer},
    )
    def post(self, request, pk):
        case = _case(request, pk)
        serializer = PenaltyInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = services.fix_penalty(case=case, actor=request.user, amount=serializer.validated_data.get("amount"))
        return Response(PenaltyOutSerializer(event).data, status=status.HTTP_201_CREATED)


class DecisionDetailView(APIView):
    @extend_schema(tags=[TAG], summary="An issued decision with its rule results", responses={200: DecisionSerializer})
    def get(self, request, pk):
        decision = get_object_or_404(
            Decision.objects.select_related("case", "author", "signatory", "second_reader"), pk=pk
        )
        open_case_for(request.user, decision.case, action="decisions.decision.read", obj=decision)
        return Response(DecisionSerializer(decision).data)
