import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from lokaalwerk.accounts import policies
from lokaalwerk.indicators import selectors

from .serializers import (
    DashboardSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    dashboard_data,
)


class CanViewIndicators(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return policies.can_view_indicators(request.user)


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({name: "Use YYYY-MM-DD."}) from exc


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator set: definitions, units, sources, periodicity, disaggregations."""

    serializer_class = IndicatorSerializer
    permission_classes = [CanViewIndicators]
    lookup_field = "code"

    def get_queryset(self):
        return selectors.indicator_list(user=self.request.user)


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    """Observations, filtered by `indicator` code, `area` (NIS code or group code; a group
    gives its members), `start`/`end` (YYYY-MM-DD) and `breakdown` ("" for totals)."""

    serializer_class = ObservationSerializer
    permission_classes = [CanViewIndicators]

    @extend_schema(
        parameters=[
            OpenApiParameter("indicator", str),
            OpenApiParameter("area", str),
            OpenApiParameter("start", dt.date),
            OpenApiParameter("end", dt.date),
            OpenApiParameter("breakdown", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return selectors.observation_list(
            user=self.request.user,
            indicator=params.get("indicator"),
            area=params.get("area"),
            start=_date(params.get("start"), "start"),
            end=_date(params.get("end"), "end"),
            breakdown=params.get("breakdown"),
        )


class DashboardView(APIView):
    """The dashboard data of a municipality or group: every series with its comparisons
    (region, Flanders), targets and breakdowns at the latest period."""

    permission_classes = [CanViewIndicators]

    @extend_schema(
        responses=DashboardSerializer,
        parameters=[OpenApiParameter("start", dt.date), OpenApiParameter("end", dt.date)],
    )
    def get(self, request, area_code: str):
        area = selectors.area_get(code=area_code)
        board = selectors.dashboard_get(
            user=request.user,
            area=area,
            start=_date(request.query_params.get("start"), "start"),
            end=_date(request.query_params.get("end"), "end"),
        )
        return Response(dashboard_data(board))
