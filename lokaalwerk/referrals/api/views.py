"""The referrals API: the same selectors, services and policies as the pages, so a page and
its endpoint never disagree. Objects outside the caller's scope are 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from lokaalwerk.accounts import policies
from lokaalwerk.core.api import service_errors
from lokaalwerk.core.schema import REFERENCE_NOT_FOUND
from lokaalwerk.referrals import selectors, services
from lokaalwerk.referrals.constants import DataField
from lokaalwerk.referrals.models import Client, Consent, PopUpSlot

from . import serializers


def _raise_drf(exc: DjangoValidationError):
    raise service_errors(exc) from exc


class _WorkerOnly:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not policies.is_client_worker(request.user):
            raise PermissionDenied


class ClientViewSet(_WorkerOnly, viewsets.ViewSet):
    """Clients the caller's organisation serves or referred; a client reached through a
    referral is read with only the consented fields."""

    serializer_class = serializers.ClientSerializer
    lookup_value_converter = "int"

    def list(self, request):
        clients = selectors.client_list(
            user=request.user, search=request.query_params.get("q", ""), source=request.path
        )
        views = [selectors.ClientView(client=c, fields=_ALL_FIELDS) for c in clients]
        return Response(serializers.ClientSerializer(views, many=True).data)

    def retrieve(self, request, pk=None):
        view = selectors.client_get(user=request.user, pk=_int(pk), source=request.path)
        return Response(serializers.ClientSerializer(view).data)

    @extend_schema(
        request=serializers.ClientWriteSerializer, responses={201: serializers.ClientSerializer}
    )
    def create(self, request):
        serializer = serializers.ClientWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            client = services.client_create(
                actor=request.user, source=request.path, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        view = selectors.ClientView(client=client, fields=_ALL_FIELDS)
        return Response(serializers.ClientSerializer(view).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ClientWriteSerializer)
    def partial_update(self, request, pk=None):
        """Rectification."""
        view = selectors.client_get(user=request.user, pk=_int(pk), source=request.path)
        serializer = serializers.ClientWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            client = services.client_update(
                actor=request.user,
                client=view.client,
                source=request.path,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(serializers.ClientSerializer(view.__class__(client, view.fields)).data)


class ConsentViewSet(
    _WorkerOnly, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Consents. The caller's organisation reads those of the clients it serves or referred and
    those under a referral or pop-up booking that is live for it (``?client=`` narrows the
    list to one client); it records and withdraws consents of the clients it serves."""

    serializer_class = serializers.ConsentSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        client = self.request.query_params.get("client", "")
        return selectors.consent_queryset(
            user=self.request.user, client_id=int(client) if client.isdigit() else None
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        consents = selectors.consents_shown(user=request.user, consents=page, source=request.path)
        return self.get_paginated_response(self.get_serializer(consents, many=True).data)

    def retrieve(self, request, pk=None):
        consent = selectors.consent_get(user=request.user, pk=_int(pk), source=request.path)
        return Response(self.get_serializer(consent).data)

    @extend_schema(
        request=serializers.ConsentCreateSerializer,
        responses={201: serializers.ConsentSerializer, 404: REFERENCE_NOT_FOUND},
    )
    def create(self, request):
        serializer = serializers.ConsentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        client = get_object_or_404(Client.objects.visible_to(request.user), pk=data.pop("client"))
        try:
            consent = services.consent_record(
                actor=request.user, client=client, source=request.path, **data
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(serializers.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        consent = self.get_object()
        if not policies.can_withdraw_consent(request.user, consent):
            raise PermissionDenied
        try:
            consent = services.consent_withdraw(
                actor=request.user, consent=consent, source=request.path
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(serializers.ConsentSerializer(consent).data)


class ReferralViewSet(_WorkerOnly, viewsets.ViewSet):
    """Referrals received (``?box=inbox``, the default) or sent (``?box=outbox``), newest
    first, 50 at a time from ``?offset=``."""

    serializer_class = serializers.ReferralSerializer
    lookup_value_converter = "int"

    def list(self, request):
        referrals = selectors.referral_list(
            user=request.user,
            box=request.query_params.get("box", "inbox"),
            state=request.query_params.get("state", ""),
            source=request.path,
            offset=_offset(request.query_params.get("offset", "0")),
        )
        return Response(serializers.ReferralSerializer(referrals, many=True).data)

    def retrieve(self, request, pk=None):
        referral = selectors.referral_get(user=request.user, pk=_int(pk), source=request.path)
        return Response(serializers.ReferralSerializer(referral).data)

    @extend_schema(
        request=serializers.ReferralCreateSerializer,
        responses={201: serializers.ReferralSerializer, 404: REFERENCE_NOT_FOUND},
    )
    def create(self, request):
        serializer = serializers.ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        client = get_object_or_404(Client.objects.visible_to(request.user), pk=data.pop("client"))
        consent_id = data.pop("consent", None)
        consent = (
            get_object_or_404(Consent.objects.visible_to(request.user), pk=consent_id)
            if consent_id
            else None
        )
        try:
            referral = services.referral_create(
                actor=request.user, client=client, consent=consent, source=request.path, **data
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        referral = selectors.referral_as_seen(user=request.user, referral=referral)
        return Response(
            serializers.ReferralSerializer(referral).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=serializers.ReferralTransitionSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Take one step of the workflow table (accept, decline, start, complete, ...). The
        answer is the referral after the step, as the caller may now see it: its client only
        while the consent still shares them with the caller."""
        referral = selectors.referral_get(
            user=request.user, pk=_int(pk), source=request.path, audit=False
        )
        serializer = serializers.ReferralTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            referral = services.referral_transition(
                actor=request.user,
                referral=referral,
                source=request.path,
                **serializer.validated_data,
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        referral = selectors.referral_as_seen(user=request.user, referral=referral)
        return Response(serializers.ReferralSerializer(referral).data)


class BookingViewSet(
    _WorkerOnly, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Pop-up bookings. The caller's organisation reads the bookings it made, and those for its
    pop-up while the client's consent is valid; ``client`` holds only what the caller may see
    of the client, or null. Booking a client needs their valid consent."""

    serializer_class = serializers.BookingSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return selectors.popup_bookings(user=self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        bookings = selectors.popup_bookings_shown(
            user=request.user, bookings=page, source=request.path
        )
        return self.get_paginated_response(self.get_serializer(bookings, many=True).data)

    def retrieve(self, request, pk=None):
        booking = selectors.popup_booking_get(user=request.user, pk=_int(pk), source=request.path)
        return Response(self.get_serializer(booking).data)

    @extend_schema(
        request=serializers.BookingCreateSerializer,
        responses={201: serializers.BookingSerializer, 404: REFERENCE_NOT_FOUND},
    )
    def create(self, request):
        serializer = serializers.BookingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        slot = get_object_or_404(PopUpSlot.objects.visible_to(request.user), pk=data["slot"])
        client = get_object_or_404(Client.objects.visible_to(request.user), pk=data["client"])
        try:
            booking = services.popup_booking_create(
                actor=request.user, slot=slot, date=data["date"], client=client, source=request.path
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        booking = selectors.popup_booking_as_seen(user=request.user, booking=booking)
        return Response(serializers.BookingSerializer(booking).data, status=status.HTTP_201_CREATED)


def _offset(value: str) -> int:
    return min(int(value), 100_000) if value.isdigit() else 0


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        from django.http import Http404

        raise Http404 from None


_ALL_FIELDS = frozenset(DataField.values)
