"""API shapes for clients, consents, referrals and pop-up bookings.

A client is written out only as far as the caller may read it (``ClientView``); the shapes
below declare every field for the schema, and absent fields mean "not shared with you"."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from lokaalwerk.accounts.models import Organisation
from lokaalwerk.referrals.consent_forms import signed_form_kind
from lokaalwerk.referrals.constants import (
    ConsentMethod,
    ConsentPurpose,
    DataField,
    Language,
    Outcome,
    Priority,
    ReceiverTeam,
    ReferralReason,
    ReferralState,
)
from lokaalwerk.referrals.models import Consent, PopUpBooking, Referral


class ClientSerializer(serializers.Serializer):
    """A client as the caller may read them: a field left out is not shared with the caller."""

    id = serializers.IntegerField(read_only=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    national_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    preferred_language = serializers.ChoiceField(choices=Language.choices, required=False)

    def to_representation(self, instance):
        # ``instance`` is a ClientView: only the fields in the caller's scope are written.
        return instance.as_dict()


@extend_schema_serializer(component_name="Client")
class ClientWriteSerializer(serializers.Serializer):
    """A client as a worker registers them or corrects their data: the last name is needed,
    as on the page."""

    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100)
    birth_date = serializers.DateField(required=False, allow_null=True)
    national_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    preferred_language = serializers.ChoiceField(choices=Language.choices, required=False)


class ConsentSerializer(serializers.ModelSerializer):
    recipient = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    scope = serializers.ListField(child=serializers.ChoiceField(choices=DataField.choices))
    valid = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "client",
            "purpose",
            "recipient",
            "scope",
            "given_on",
            "valid_until",
            "withdrawn_at",
            "method",
            "witness",
            "organisation",
            "valid",
        ]
        read_only_fields = ["client", "withdrawn_at", "organisation", "valid"]

    def get_valid(self, consent) -> bool:
        return consent.is_valid()


class ConsentCreateSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    recipient = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    scope = serializers.ListField(child=serializers.ChoiceField(choices=DataField.choices))
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    witness = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    signed_form = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="The signed form as PDF, JPEG or PNG (recognised by content); see "
        "LOKAALWERK_CONSENT_FORM_MAX_MB for the size limit. Send as multipart/form-data.",
    )
    given_on = serializers.DateField(required=False)
    valid_until = serializers.DateField(required=False, allow_null=True)

    def validate_signed_form(self, upload):
        if upload:
            try:
                signed_form_kind(upload)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return upload


class ReferralSerializer(serializers.ModelSerializer):
    client = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=ReferralState.choices, read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "client",
            "sending_organisation",
            "receiving_organisation",
            "receiving_team",
            "reason",
            "priority",
            "state",
            "response_deadline",
            "sent_at",
            "responded_at",
            "completed_at",
            "decline_reason",
            "outcome",
            "outcome_note",
        ]
        read_only_fields = fields

    @extend_schema_field(ClientSerializer(allow_null=True))
    def get_client(self, referral) -> dict | None:
        view = getattr(referral, "client_view", None)
        return view.as_dict() if view is not None and view.fields else None


class ReferralCreateSerializer(serializers.Serializer):
    client = serializers.IntegerField()
    receiving_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    reason = serializers.ChoiceField(choices=ReferralReason.choices)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    receiving_team = serializers.ChoiceField(
        choices=ReceiverTeam.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    consent = serializers.IntegerField(required=False, allow_null=True)
    send = serializers.BooleanField(default=False)


class ReferralTransitionSerializer(serializers.Serializer):
    # Every state but draft can be the target of a step.
    to = serializers.ChoiceField(
        choices=[c for c in ReferralState.choices if c[0] != ReferralState.DRAFT]
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_blank=True, default=""
    )
    outcome_note = serializers.CharField(required=False, allow_blank=True, default="")


class BookingSerializer(serializers.ModelSerializer):
    client = serializers.SerializerMethodField()

    class Meta:
        model = PopUpBooking
        fields = ["id", "slot", "date", "client", "booked_for", "attendance", "reminder_sent_at"]
        read_only_fields = fields

    def get_client(self, booking) -> dict | None:
        """The client as far as the caller may see them; null when nothing is shared."""
        view = getattr(booking, "client_view", None)
        return view.as_dict() if view is not None and view.fields else None


class BookingCreateSerializer(serializers.Serializer):
    slot = serializers.IntegerField()
    date = serializers.DateField()
    client = serializers.IntegerField()
