from rest_framework import serializers

from lokaalwerk.agreements.models import Action, Agreement
from lokaalwerk.results.constants import ProgressStatus
from lokaalwerk.results.models import Milestone, ProgressUpdate, ReportingPeriod, Snapshot


class ProgressUpdateSerializer(serializers.ModelSerializer):
    action = serializers.PrimaryKeyRelatedField(queryset=Action.objects.all())
    action_code = serializers.CharField(source="action.code", read_only=True)
    period = serializers.PrimaryKeyRelatedField(queryset=ReportingPeriod.objects.all())
    period_label = serializers.CharField(source="period.label", read_only=True)
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    progress = serializers.IntegerField()
    author = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "action_code",
            "period",
            "period_label",
            "status",
            "progress",
            "note",
            "narrative",
            "evidence_url",
            "unchanged",
            "approval",
            "author",
            "created_at",
        ]
        read_only_fields = ["unchanged", "approval", "author", "created_at"]


class MilestoneSerializer(serializers.ModelSerializer):
    action = serializers.PrimaryKeyRelatedField(queryset=Action.objects.all())

    class Meta:
        model = Milestone
        fields = ["id", "action", "title", "due_date", "done_on"]


class SnapshotSerializer(serializers.ModelSerializer):
    agreement = serializers.SlugRelatedField(slug_field="slug", queryset=Agreement.objects.all())
    created_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Snapshot
        fields = ["id", "agreement", "name", "reference", "created_at", "created_by", "data"]
        read_only_fields = ["created_at", "created_by", "data"]
