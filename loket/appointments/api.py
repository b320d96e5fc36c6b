"""The appointments API for partner systems and agents' tools (issue 14, item 9).

Token-authenticated (``Authorization: Token …``). A refused booking is a 409 with a
stable ``reason``; bad input a 400 with a message per field; a booking POSTed again with
the same ``Idempotency-Key`` returns the first booking and makes nothing new.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ..core.roles import Role, require_role
from . import selectors
from .errors import BookingError
from .models import Booking, CounterService, Location, Slot
from .services import booking as svc
from .services.identify import resolve

TAG = "appointments"
API_ROLES = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD, Role.ADMINISTRATOR)


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    location = serializers.CharField(help_text="location code")
    service = serializers.CharField(help_text="service code")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    seats = serializers.IntegerField()
    seats_free = serializers.IntegerField()


class SlotQuerySerializer(serializers.Serializer):
    location = serializers.SlugField(max_length=20)
    service = serializers.SlugField(max_length=20)
    date = serializers.DateField(input_formats=["%Y-%m-%d"])


class ClientInSerializer(serializers.Serializer):
    v_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    name = serializers.CharField(max_length=200)
    birth_date = serializers.CharField(required=False, allow_blank=True, max_length=10, help_text="YYYY-MM-DD")
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)


class BookingInSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1)
    client = ClientInSerializer()
    interpreter_language = serializers.CharField(required=False, allow_blank=True, max_length=10)
    needs = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    case_ref = serializers.CharField(required=False, allow_blank=True, max_length=40)
    language = serializers.CharField(required=False, allow_blank=True, max_length=10, help_text="of the messages")


class BookingOutSerializer(serializers.Serializer):
    reference = serializers.CharField()
    slot = serializers.IntegerField()
    client_id = serializers.IntegerField()
    status = serializers.CharField()


class RescheduleInSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1)


ConflictSerializer = inline_serializer(
    "AppointmentConflict",
    {
        "reason": serializers.ChoiceField(
            choices=[
                "slot_full",
                "already_booked",
                "slot_past",
                "closed",
                "wrong_service",
                "not_open",
                "limit_reached",
                "contact_reused",
                "key_reused",
                "client_unclear",
                "not_released",
                "hold_expired",
            ]
        ),
        "detail": serializers.CharField(),
    },
)
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="A key unique to this booking request; sending it again returns the same booking.",
)


def payload(booking: Booking) -> dict:
    return {
        "reference": booking.reference,
        "slot": booking.slot_id,
        "client_id": booking.client_id,
        "status": booking.status,
    }


def conflict(exc: BookingError) -> Response:
    return Response({"reason": exc.code, "detail": exc.message}, status=status.HTTP_409_CONFLICT)


def _slot(pk: int) -> Slot:
    slot = Slot.objects.select_related("location", "service").filter(pk=pk).first()
    if slot is None:
        raise ValidationError({"slot": [_("There is no slot with this id.")]})
    return slot


def _booking(reference: str) -> Booking:
    booking = Booking.objects.select_related("slot").filter(reference=reference).first()
    if booking is None:
        raise Http404
    return booking


class LocationsView(APIView):
    @extend_schema(tags=[TAG], responses={200: CodeNameSerializer(many=True)})
    def get(self, request):
        """The locations with counters."""
        require_role(request.user, *API_ROLES)
        return Response(list(Location.objects.filter(active=True).order_by("code").values("code", "name")))


class ServicesView(APIView):
    @extend_schema(tags=[TAG], responses={200: CodeNameSerializer(many=True)})
    def get(self, request):
        """The counter services."""
        require_role(request.user, *API_ROLES)
        return Response(list(CounterService.objects.filter(active=True).order_by("code").values("code", "name")))


class SlotsView(APIView):
    @extend_schema(tags=[TAG], parameters=[SlotQuerySerializer], responses={200: SlotSerializer(many=True)})
    def get(self, request):
        """The slots of one location and service on one day, with the seats still free."""
        require_role(request.user, *API_ROLES)
        query = SlotQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        location = Location.objects.filter(code=q["location"]).first()
        service = CounterService.objects.filter(code=q["service"]).first()
        errors = {}
        if location is None:
            errors["location"] = [_("There is no location with this code.")]
        if service is None:
            errors["service"] = [_("There is no service with this code.")]
        if errors:
            raise ValidationError(errors)
        rows = selectors.slots(location=location, service=service, day=q["date"], released_only=True)
        return Response(
            SlotSerializer(
                [
                    {
                        "id": s.pk,
                        "location": location.code,
                        "service": service.code,
                        "starts_at": s.starts_at,
                        "ends_at": s.ends_at,
                        "seats": s.seats,
                        "seats_free": s.seats_free,
                    }
                    for s in rows
                ],
                many=True,
            ).data
        )


class BookingsView(APIView):
    @extend_schema(
        tags=[TAG],
        parameters=[IDEMPOTENCY],
        request=BookingInSerializer,
        responses={201: BookingOutSerializer, 409: ConflictSerializer},
    )
    def post(self, request):
        """Book a seat for a client. 409 with a reason when the slot is full or the client
        already holds a booking for the service."""
        require_role(request.user, *API_ROLES)
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if not key or len(key) > 200:
            raise ValidationError({"Idempotency-Key": [_("Send an Idempotency-Key header of 1 to 200 characters.")]})
        data = BookingInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        fp = svc.fingerprint(d)
        scoped = f"api:{request.user.pk}:{key}"
        try:
            if (existing := svc.replay(scoped, fp)) is not None:
                return Response(payload(existing), status=status.HTTP_201_CREATED)
            slot = _slot(d["slot"])
            person = d["client"]
            try:
                client = resolve(actor=request.user, language=d.get("language", ""), **person)
            except DjangoValidationError as exc:
                detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
                raise ValidationError({"client": detail}) from exc
            booking, _created = svc.book(
                slot=slot,
                client=client,
                actor=request.user,
                channel="api",
                idempotency_key=scoped,
                request_fingerprint=fp,
                email=person.get("email", ""),
                phone=person.get("phone", ""),
                language=d.get("language", ""),
                interpreter_language=d.get("interpreter_language", ""),
                needs=d.get("needs", ""),
                case_ref=d.get("case_ref", ""),
            )
        except BookingError as exc:
            return conflict(exc)
        return Response(payload(booking), status=status.HTTP_201_CREATED)


class BookingView(APIView):
    @extend_schema(tags=[TAG], responses={200: BookingOutSerializer})
    def get(self, request, reference):
        """One booking by its reference."""
        require_role(request.user, *API_ROLES)
        return Response(payload(_booking(reference)))


class RescheduleView(APIView):
    @extend_schema(
        tags=[TAG], request=RescheduleInSerializer, responses={200: BookingOutSerializer, 409: ConflictSerializer}
    )
    def post(self, request, reference):
        """Move a booking to another slot of the same service; a refusal leaves it as it was."""
        require_role(request.user, *API_ROLES)
        booking = _booking(reference)
        data = RescheduleInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        slot = _slot(data.validated_data["slot"])
        try:
            booking = svc.reschedule(booking=booking, slot=slot, actor=request.user, channel="api")
        except BookingError as exc:
            return conflict(exc)
        return Response(payload(booking))


class CancelView(APIView):
    @extend_schema(tags=[TAG], request=None, responses={200: BookingOutSerializer, 409: ConflictSerializer})
    def post(self, request, reference):
        """Cancel a booking; its seat is free at once."""
        require_role(request.user, *API_ROLES)
        booking = _booking(reference)
        try:
            booking = svc.cancel(booking=booking, actor=request.user, channel="api")
        except BookingError as exc:
            return conflict(exc)
        return Response(payload(booking))
