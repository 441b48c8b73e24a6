import datetime as dt

from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from lokaalwerk.geography.models import Municipality


class MunicipalitySerializer(serializers.ModelSerializer):
    successor = serializers.SlugRelatedField(slug_field="nis_code", read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "nis_code",
            "name_nl",
            "name_fr",
            "arrondissement_nis",
            "arrondissement_name",
            "province_nis",
            "province_name",
            "region_name",
            "reference_region_name",
            "valid_from",
            "valid_to",
            "successor",
        ]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Municipalities with their NIS codes; `?valid_on=YYYY-MM-DD` gives the map of that day."""

    serializer_class = MunicipalitySerializer
    lookup_field = "nis_code"

    def get_queryset(self):
        queryset = Municipality.objects.select_related("successor")
        valid_on = self.request.query_params.get("valid_on")
        if valid_on:
            try:
                queryset = queryset.valid_on(dt.date.fromisoformat(valid_on))
            except ValueError as exc:
                raise ValidationError({"valid_on": "Use a date as YYYY-MM-DD."}) from exc
        return queryset
