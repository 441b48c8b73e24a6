from rest_framework import serializers

from lokaalwerk.indicators.models import Indicator, Observation


class IndicatorSerializer(serializers.ModelSerializer):
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code", "name_nl", "name_en", "definition", "unit", "source", "periodicity",
            "polarity", "dimensions", "numerator", "denominator", "factor", "is_youth",
        ]  # fmt: skip


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Observation
        fields = ["indicator", "area", "period_start", "breakdown", "value", "flag", "derived"]


class PointSerializer(serializers.Serializer):
    period = serializers.DateField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    flag = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    area = serializers.CharField(source="area.code")
    synthetic = serializers.BooleanField()
    points = PointSerializer(many=True)
    comparisons = serializers.DictField(child=PointSerializer(many=True))
    targets = serializers.ListField(child=serializers.ListField())
    breakdowns = serializers.DictField()


class DashboardSerializer(serializers.Serializer):
    area = serializers.CharField(source="area.code")
    comparisons = serializers.ListField(child=serializers.CharField())
    series = SeriesSerializer(many=True)
    youth = SeriesSerializer(many=True)
