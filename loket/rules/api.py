"""The rule catalogue and the engine as a JSON API, for systems (/api/v1/rules/).

``GET rules`` lists the catalogue; ``POST rules/evaluate`` judges one case in the re-audit
format of issue 4 against the rules in force on its decision date, without storing
anything: another system can ask "may this decision go out?" before it sends it.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from loket.core.roles import require_role
from loket.core.safejson import BoundedJSONParser as JSONParser

from .engine import RULESET_VERSION, evaluate, judgement_day
from .facts import CaseFormatError, parse_case
from .selectors import CATALOGUE_READERS, catalogue_entries

TAG = "rules"

_violations = inline_serializer(
    "Violation",
    {
        "rule": serializers.CharField(),
        "outcome": serializers.ChoiceField(["block", "warn"]),
        "message": serializers.CharField(),
        "source": serializers.CharField(),
    },
    many=True,
)

_EXAMPLE_CASE = {
    "ref": "B-1",
    "kind": "objection",
    "track": "regular",
    "received_on": "2026-04-20",
    "contested": {"decided_on": "2026-04-07", "notified_on": "2026-04-07", "author": "u1", "signatory": "u2"},
    "events": [{"type": "hearing_invited", "on": "2026-04-22", "by": None}],
    "decision": {
        "decided_on": "2026-05-20",
        "outcome": "unfounded",
        "author": "u4",
        "signatory": "u5",
        "second_reader": "u6",
        "reasons": "…",
        "hearing_exception": None,
        "revocation_ground": None,
    },
}


class RuleListView(APIView):
    @extend_schema(
        tags=[TAG],
        summary="The rule catalogue in the reader's language",
        responses=inline_serializer(
            "Rule",
            {
                "id": serializers.CharField(),
                "title": serializers.CharField(),
                "description": serializers.CharField(),
                "source": serializers.CharField(),
                "outcome": serializers.CharField(),
                "kinds": serializers.ListField(),
                "tracks": serializers.ListField(),
                "valid_from": serializers.DateField(),
                "valid_to": serializers.DateField(allow_null=True),
                "in_force": serializers.BooleanField(),
                "tests": serializers.ListField(),
            },
            many=True,
        ),
    )
    def get(self, request):
        require_role(request.user, *CATALOGUE_READERS)
        entries = catalogue_entries(get_language() or "nl", today=timezone.localdate())
        return Response(
            [
                {
                    "id": e["id"],
                    "title": e["title"],
                    "description": e["description"],
                    "source": e["source"],
                    "outcome": e["outcome"],
                    "kinds": e["kind_codes"],
                    "tracks": e["track_codes"],
                    "valid_from": e["valid_from"],
                    "valid_to": e["valid_to"],
                    "in_force": e["in_force"],
                    "tests": e["tests"],
                }
                for e in entries
            ]
        )


class EvaluateView(APIView):
    parser_classes = [JSONParser]  # a case is nested JSON; a form cannot carry it

    @extend_schema(
        tags=[TAG],
        summary="Judge one case (re-audit format) against the rules in force",
        request=OpenApiTypes.OBJECT,
        examples=[OpenApiExample("objection", value=_EXAMPLE_CASE)],
        responses=inline_serializer(
            "Judgement",
            {
                "ref": serializers.CharField(),
                "ruleset": serializers.CharField(),
                "judged_on": serializers.DateField(),
                "blocked": serializers.BooleanField(),
                "violations": _violations,
            },
        ),
    )
    def post(self, request):
        require_role(request.user, *CATALOGUE_READERS)
        try:
            case = parse_case(request.data)
        except CaseFormatError as exc:
            raise ValidationError({exc.field: [exc.message]}) from None
        violations = evaluate(case, language=get_language() or "nl")
        return Response(
            {
                "ref": case.ref,
                "ruleset": RULESET_VERSION,
                "judged_on": judgement_day(case),
                "blocked": any(v.outcome == "block" for v in violations),
                "violations": [v.as_dict() for v in violations],
            }
        )
