from rest_framework import serializers

from lokaalwerk.agreements.models import (
    Action,
    ActionDomain,
    ActionItem,
    Agreement,
    Party,
    Principle,
    Signatory,
    Theme,
)
from lokaalwerk.governance.models import Body


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = ["name", "function"]


class PartySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)

    class Meta:
        model = Party
        fields = ["name", "address", "organisation", "signatories"]


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ["code", "title", "description"]


class ActionSummarySerializer(serializers.ModelSerializer):
    lead_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    subitems = ActionItemSerializer(source="items", many=True, read_only=True)

    class Meta:
        model = Action
        fields = ["id", "code", "title", "lead_organisation", "subitems"]


class ActionDomainSerializer(serializers.ModelSerializer):
    actions = ActionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = ActionDomain
        fields = ["number", "title", "actions"]


class ThemeSerializer(serializers.ModelSerializer):
    domains = ActionDomainSerializer(many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["number", "title", "domains"]


class PrincipleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Principle
        fields = ["number", "title", "text"]


class BodySerializer(serializers.ModelSerializer):
    convenor = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Body
        fields = ["name", "kind", "min_meetings_per_year", "convenor"]


class AgreementListSerializer(serializers.ModelSerializer):
    municipalities = serializers.SlugRelatedField(slug_field="nis_code", many=True, read_only=True)
    predecessor = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "status",
            "start_date",
            "end_date",
            "council_decision_date",
            "council_agenda_item",
            "predecessor",
            "municipalities",
        ]


class AgreementDetailSerializer(AgreementListSerializer):
    parties = PartySerializer(many=True, read_only=True)
    ambitions = serializers.SlugRelatedField(slug_field="title", many=True, read_only=True)
    principles = PrincipleSerializer(many=True, read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)
    bodies = BodySerializer(many=True, read_only=True)

    class Meta(AgreementListSerializer.Meta):
        fields = [
            *AgreementListSerializer.Meta.fields,
            "terminated_on",
            "termination_reason",
            "parties",
            "ambitions",
            "principles",
            "themes",
            "bodies",
        ]


class CommitmentSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.slug")
    text = serializers.CharField()


class ActionSerializer(serializers.ModelSerializer):
    agreement = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    domain = serializers.IntegerField(source="domain.number", read_only=True)
    theme = serializers.CharField(source="domain.theme.title", read_only=True)
    lead_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    continues = serializers.PrimaryKeyRelatedField(read_only=True)
    subitems = ActionItemSerializer(source="items", many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "agreement",
            "theme",
            "domain",
            "code",
            "title",
            "description",
            "lead_organisation",
            "continues",
            "subitems",
            "commitments",
        ]
