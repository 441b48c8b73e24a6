from decimal import Decimal

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


_FOUR_PLACES = Decimal("0.0001")


def _points(points, days: dict) -> list[dict]:
    return [
        {
            # A dashboard repeats the same 120 months in every series: format each once.
            "period": days.get(p.period) or days.setdefault(p.period, p.period.isoformat()),
            "value": None if p.value is None else str(p.value.quantize(_FOUR_PLACES)),
            "flag": p.flag,
        }
        for p in points
    ]


def _series(series, days: dict) -> dict:
    return {
        "indicator": series.indicator.code,
        "area": series.area.code,
        "synthetic": series.synthetic,
        "points": _points(series.points, days),
        "comparisons": {label: _points(p, days) for label, p in series.comparisons.items()},
        "targets": [list(t) for t in series.targets],
        "breakdowns": {k: [list(c) for c in v] for k, v in series.breakdowns.items()},
    }


def dashboard_data(board) -> dict:
    """``DashboardSerializer(board).data`` written out by hand: a dashboard holds thousands of
    points, and a serializer field per point costs more than reading them (the output is the
    same, a test compares both)."""
    days: dict = {}
    return {
        "area": board.area.code,
        "comparisons": list(board.comparisons),
        "series": [_series(s, days) for s in board.series],
        "youth": [_series(s, days) for s in board.youth],
    }
