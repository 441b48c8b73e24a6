from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lokaalwerk.accounts.models import Organisation
from lokaalwerk.catalogue.constants import ClientStatus
from lokaalwerk.catalogue.models import (
    DirectoryEntry,
    Language,
    Location,
    Offer,
    OpeningHours,
    TargetGroup,
    Vacancy,
)
from lokaalwerk.geography.models import Municipality


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes", "note"]
        # The model's own checks need both owners; the service sets the owner.
        validators = []

    def validate(self, attrs):
        # The hours are replaced as a whole, also in a partial update (which DRF passes on to
        # nested fields): every slot needs its day and both times.
        missing = [name for name in ("weekday", "opens", "closes") if name not in attrs]
        if missing:
            raise serializers.ValidationError(
                {name: [self.fields[name].error_messages["required"]] for name in missing}
            )
        if attrs["closes"] <= attrs["opens"]:
            raise serializers.ValidationError(
                {"closes": _("Opening hours must end after they start.")}
            )
        return attrs


class LocationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="nis_code", read_only=True)

    class Meta:
        model = Location
        fields = ["uuid", "name", "street", "postal_code", "municipality", "accessibility"]


class OfferSerializer(serializers.ModelSerializer):
    provider = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    target_groups = serializers.SlugRelatedField(
        slug_field="code", queryset=TargetGroup.objects.all(), many=True, required=False
    )
    languages = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), many=True, required=False
    )
    residence_municipalities = serializers.SlugRelatedField(
        slug_field="nis_code",
        queryset=Municipality.objects.filter(valid_to__isnull=True),
        many=True,
        required=False,
    )
    locations = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Location.objects.all(), many=True, required=False
    )
    eligible_statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=ClientStatus.choices), required=False
    )
    opening_hours = OpeningHoursSerializer(many=True, required=False)

    class Meta:
        model = Offer
        fields = [
            "uuid",
            "slug",
            "name",
            "provider",
            "summary",
            "description",
            "target_groups",
            "age_min",
            "age_max",
            "eligible_statuses",
            "dutch_level_min",
            "residence_municipalities",
            "eligibility_notes",
            "locations",
            "opening_hours",
            "capacity",
            "waiting_list",
            "how_to_refer",
            "open_to_partner_clients",
            "languages",
            "email",
            "phone",
            "url",
            "is_active",
            "last_checked_on",
        ]
        read_only_fields = ["uuid"]
        extra_kwargs = {"last_checked_on": {"required": False}}
        validators = []

    def validate(self, attrs):
        age_min = attrs.get("age_min", getattr(self.instance, "age_min", None))
        age_max = attrs.get("age_max", getattr(self.instance, "age_max", None))
        if age_min is not None and age_max is not None and age_min > age_max:
            raise serializers.ValidationError(
                {"age_max": _("The maximum age must not be lower than the minimum age.")}
            )
        return attrs


class DirectoryEntrySerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    location = serializers.SlugRelatedField(slug_field="uuid", queryset=Location.objects.all())
    location_detail = LocationSerializer(source="location", read_only=True)
    languages = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), many=True, required=False
    )
    opening_hours = OpeningHoursSerializer(many=True, required=False)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DirectoryEntry
        fields = [
            "uuid",
            "kind",
            "kind_label",
            "name",
            "description",
            "owner",
            "owner_email",
            "location",
            "location_detail",
            "languages",
            "opening_hours",
            "phone",
            "url",
            "is_free",
            "is_published",
            "last_checked_on",
        ]
        read_only_fields = ["uuid", "last_checked_on"]


class PublicDirectoryEntrySerializer(DirectoryEntrySerializer):
    """What anyone may read: no owner e-mail, no publication flags."""

    class Meta(DirectoryEntrySerializer.Meta):
        fields = [
            f
            for f in DirectoryEntrySerializer.Meta.fields
            if f not in {"is_published", "owner_email"}
        ]


class VacancySerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="nis_code", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name_nl", read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "reference",
            "employer",
            "municipality",
            "municipality_name",
            "title",
            "description",
            "hours_per_week",
            "indication_required",
            "conditions",
            "posted_on",
            "expires_on",
            "status",
        ]
        read_only_fields = fields
