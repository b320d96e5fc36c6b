"""REST API of clients (/api/v1/clients/): read a client, search clients. Staff only.

Every read is written to the audit log, as on the staff pages.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ..core import audit
from ..core.roles import has_role
from . import selectors, services
from .models import Client
from .services.common import CLIENT_STAFF


class ClientStaffOnly(permissions.BasePermission):
    message = _("Reading clients needs the role of contact agent, counter agent, team lead or administrator.")

    def has_permission(self, request, view):
        return has_role(request.user, *CLIENT_STAFF)


class NameSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    script = serializers.CharField(help_text="ISO 15924 script code, e.g. Arab, Latn.")
    is_original = serializers.BooleanField()


class ClientSerializer(serializers.ModelSerializer):
    birth_date = serializers.SerializerMethodField(
        help_text="As far as known: 1990-05-01, 1990-05, 1990, or 1990-00-00 (year certain, day and month not)."
    )
    names = NameSerializer(many=True, read_only=True)
    phones = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")
    emails = serializers.SlugRelatedField(many=True, read_only=True, slug_field="address")
    case_refs = serializers.SlugRelatedField(many=True, read_only=True, slug_field="reference")
    representative = serializers.StringRelatedField(allow_null=True)  # a client without one: null
    merged_into = serializers.SerializerMethodField(help_text="The client this one lives on in after merges, if any.")

    class Meta:
        model = Client
        fields = [
            "id",
            "v_number",
            "display_name",
            "names",
            "birth_date",
            "birth_placeholder",
            "nationality",
            "language",
            "phones",
            "emails",
            "case_refs",
            "representative",
            "merged_into",
        ]

    def get_birth_date(self, obj) -> str:
        return obj.birth_date.iso()

    def get_merged_into(self, obj) -> int | None:
        return obj.resolved().pk if obj.merged_into_id else None


class ClientSummarySerializer(serializers.ModelSerializer):
    birth_date = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = ["id", "v_number", "display_name", "birth_date", "nationality"]

    def get_birth_date(self, obj) -> str:
        return obj.birth_date.iso()


class ClientDetailAPI(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, ClientStaffOnly]
    serializer_class = ClientSerializer
    queryset = Client.objects.all()

    @extend_schema(
        summary="Read one client",
        tags=["clients"],
        description="A client's identity: V-number, names in every script, birth date as far as known, "
        "contact details and case references. The read is logged.",
    )
    def get(self, request, pk: int):
        client = get_object_or_404(Client, pk=pk)
        services.view_client(client=client, actor=request.user)
        return Response(ClientSerializer(selectors.client_detail(client.pk)).data)


class ClientSearchAPI(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, ClientStaffOnly]
    serializer_class = ClientSummarySerializer
    queryset = Client.objects.none()

    @extend_schema(
        summary="Search clients",
        tags=["clients"],
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 300, "pattern": r"\S"},
                required=True,
                description=(
                    "A V-number, phone number, e-mail address or case reference (exact), or a name in any script or "
                    "spelling (Mohammed, Muhammad and محمد find the same people)."
                ),
            )
        ],
        responses=ClientSummarySerializer(many=True),
    )
    def get(self, request):
        query = (request.query_params.get("q") or "").strip()
        if not query:
            raise ValidationError({"q": [_("Give a name, V-number, phone number, e-mail address or case reference.")]})
        if len(query) > 300:
            raise ValidationError({"q": [_("Keep the search under 300 characters.")]})
        results = services.readable(clients=selectors.search_clients(query), actor=request.user)
        audit.record(
            actor=request.user,
            action="clients.client.searched",
            object_type="clients.client",
            data={"results": [c.pk for c in results], "via": "api"},
        )
        return Response(ClientSummarySerializer(results, many=True).data)
