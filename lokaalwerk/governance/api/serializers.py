from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lokaalwerk.governance.constants import (
    AgendaItemKind,
    BodyKind,
    DecisionKind,
    FollowUpStatus,
    MeetingStatus,
    MemberRole,
)
from lokaalwerk.governance.models import AgendaItem, Body, BodyMember, Decision, FollowUp, Meeting


def _choice_field(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented with an inline enum: other apps use the same field names
    ("kind", "status", "role") for other choice sets, and named enums would collide."""

    @extend_schema_field({"type": "string", "enum": list(choices.values)})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices.choices, **kwargs)


class GovernanceBodyMemberSerializer(serializers.ModelSerializer):
    role = _choice_field(MemberRole, read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = BodyMember
        fields = ["id", "person_name", "organisation", "function", "role"]


class GovernanceBodySerializer(serializers.ModelSerializer):
    agreement = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind = _choice_field(BodyKind, read_only=True)
    convenor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    members = GovernanceBodyMemberSerializer(many=True, read_only=True)
    actions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Body
        fields = [
            "id",
            "agreement",
            "name",
            "kind",
            "convenor",
            "min_meetings_per_year",
            "description",
            "reports_to",
            "actions",
            "members",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    status = _choice_field(MeetingStatus, read_only=True)
    uid = serializers.UUIDField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "label",
            "body",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "status",
            "uid",
            "sequence",
            "minutes",
            "minutes_approved_at",
            "published_at",
            "pack_built_at",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    kind = _choice_field(AgendaItemKind, read_only=True)
    action = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "order",
            "kind",
            "title",
            "description",
            "action",
            "indicator",
            "report_meeting",
            "follow_up",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    kind = _choice_field(DecisionKind, read_only=True)
    actions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    plan_changes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "meeting", "agenda_item", "kind", "text", "actions", "plan_changes"]


class FollowUpSerializer(serializers.ModelSerializer):
    status = _choice_field(FollowUpStatus)
    owner_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "meeting",
            "decision",
            "description",
            "owner_name",
            "owner_organisation",
            "due_date",
            "status",
            "closed_at",
        ]
        read_only_fields = [f for f in fields if f != "status"]
