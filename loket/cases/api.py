"""The cases API for systems (/api/v1/cases/): list and read cases, open one, record an event.

Errors are 400 with a message per field, in the caller's language; a case of another team
is 403, as on the staff site. Every read is logged, as on the staff site.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from loket.clients.models import Client
from loket.core import audit
from loket.core.models import OrgUnit, User

from . import access, selectors, services
from .choices import RECORDABLE_EVENTS, CaseKind, Track
from .models import Case
from .pages import IdsFirstPaginator

TAG = "cases"


class StandingSerializer(serializers.Serializer):
    due_on = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True, help_text="negative: days late")
    penalty_days = serializers.IntegerField()
    penalty_owed = serializers.DecimalField(max_digits=9, decimal_places=2)
    notice_on = serializers.DateField(allow_null=True, help_text="notice of default received")


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    track = serializers.CharField()
    team = serializers.CharField(source="team.code")
    client_id = serializers.IntegerField(allow_null=True)
    received_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(source="current_status")
    standing = StandingSerializer()


class EventOutSerializer(serializers.Serializer):
    type = serializers.CharField()
    on = serializers.DateField()
    by = serializers.CharField(source="person", allow_null=True)
    amount = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    note = serializers.CharField()


class StatusOutSerializer(serializers.Serializer):
    status = serializers.CharField()
    at = serializers.DateTimeField()
    by = serializers.CharField(source="by.username", allow_null=True, default=None)


class RoleOutSerializer(serializers.Serializer):
    role = serializers.CharField()
    person = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    contested = serializers.SerializerMethodField()
    events = EventOutSerializer(many=True, source="events.all")
    statuses = StatusOutSerializer(many=True, source="statuses.all")
    roles = RoleOutSerializer(many=True, source="roles.all")

    def get_contested(self, case) -> dict | None:
        if case.kind != CaseKind.OBJECTION:
            return None
        return {
            "decided_on": case.contested_decided_on,
            "notified_on": case.contested_notified_on,
            "author": case.contested_author_label,
            "signatory": case.contested_signatory_label,
        }


class CaseInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    track = serializers.ChoiceField(choices=Track.choices)
    team = serializers.SlugRelatedField(slug_field="code", queryset=OrgUnit.objects.all())
    received_on = serializers.DateField(required=False, allow_null=True)
    posted_on = serializers.DateField(required=False, allow_null=True)
    accelerated = serializers.BooleanField(required=False, default=False)
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    v_number = serializers.SlugRelatedField(
        slug_field="v_number", queryset=Client.objects.all(), required=False, allow_null=True, source="client"
    )
    contested_decided_on = serializers.DateField(required=False, allow_null=True)
    contested_notified_on = serializers.DateField(required=False, allow_null=True)
    contested_author = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )
    contested_author_ref = serializers.CharField(required=False, allow_blank=True, default="")
    contested_signatory = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )
    contested_signatory_ref = serializers.CharField(required=False, allow_blank=True, default="")


class EventInSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(RECORDABLE_EVENTS))
    on = serializers.DateField()
    by = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )
    by_ref = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


def case_payload(case: Case, *, detail: bool = False) -> dict:
    """A case as the API gives it; a case of a list comes with its ``standing`` attached
    (``selectors.annotate_standing``)."""
    if getattr(case, "standing", None) is None:
        case.standing = selectors.standing(case, timezone.localdate())
    return (CaseDetailSerializer if detail else CaseSerializer)(case).data


class CasePagination(PageNumberPagination):
    page_size = 50
    django_paginator_class = IdsFirstPaginator  # deep pages: ids first (pages.py)


#: What the list answers: a page of cases, as the schema says (not a bare array).
CasePage = inline_serializer(
    "PaginatedCaseList",
    {
        "count": serializers.IntegerField(help_text="open cases in all pages"),
        "next": serializers.URLField(allow_null=True, help_text="the next page, null on the last"),
        "previous": serializers.URLField(allow_null=True, help_text="the page before, null on the first"),
        "results": CaseSerializer(many=True),
    },
)


class CaseListView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Open cases of the caller's teams, nearest deadline first",
        operation_id="cases_list",
        parameters=[
            OpenApiParameter("team", str, description="unit code"),
            OpenApiParameter("kind", str, enum=CaseKind.values),
            OpenApiParameter("page", int, description="from 1; 50 cases a page"),
        ],
        responses={200: CasePage, 404: OpenApiResponse(description="No such page.")},
    )
    def get(self, request):
        access.require_reader(request.user)
        code, kind = request.query_params.get("team", ""), request.query_params.get("kind", "")
        team = OrgUnit.objects.filter(code=code).first() if code else None
        if code and team is None:
            raise ValidationError({"team": [_("No unit has the code %(code)s.") % {"code": code[:50]}]})
        if kind and kind not in CaseKind.values:
            raise ValidationError({"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(CaseKind.values)}]})
        queryset = selectors.open_cases(request.user, team=team, kind=kind)
        paginator = CasePagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        audit.record(
            actor=request.user,
            action="cases.queue.viewed",
            object_type="cases.case",
            data={"api": True, "cases": [c.reference for c in page]},
        )
        rows = selectors.annotate_standing(page, timezone.localdate())
        return paginator.get_paginated_response([case_payload(c) for c in rows])

    @extend_schema(tags=[TAG], summary="Open a case", request=CaseInSerializer, responses={201: CaseDetailSerializer})
    def post(self, request):
        serializer = CaseInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.open_case(actor=request.user, **serializer.validated_data)
        return Response(case_payload(selectors.case_detail(case.pk), detail=True), status=status.HTTP_201_CREATED)


def _case(request, pk) -> Case:
    case = get_object_or_404(Case, pk=pk)
    access.require_case_access(request.user, case)
    return case


class CaseDetailView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="One case with its events, statuses, roles and deadline",
        responses={200: CaseDetailSerializer},
    )
    def get(self, request, pk):
        case = get_object_or_404(Case, pk=pk)
        access.open_case_for(request.user, case)
        return Response(case_payload(selectors.case_detail(case.pk), detail=True))


class CaseEventView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="Record what happened in a case",
        request=EventInSerializer,
        responses={201: CaseDetailSerializer},
    )
    def post(self, request, pk):
        case = _case(request, pk)
        serializer = EventInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.record_event(case=case, actor=request.user, **serializer.validated_data)
        return Response(case_payload(selectors.case_detail(case.pk), detail=True), status=status.HTTP_201_CREATED)
