"""Part IV over the API: read bodies, meetings, agenda items, decisions and follow-ups; change
a follow-up's status. The same selectors and policies as the pages decide what is visible."""

from django.core.exceptions import ValidationError
from rest_framework import exceptions, mixins, viewsets

from lokaalwerk.accounts import policies
from lokaalwerk.core.api import service_errors
from lokaalwerk.governance import selectors, services
from lokaalwerk.governance.models import AgendaItem, Decision, FollowUp

from . import serializers


class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.GovernanceBodySerializer

    def get_queryset(self):
        return (
            selectors.body_list(user=self.request.user)
            .prefetch_related("members__organisation", "actions")
            .order_by("pk")
        )


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
        queryset = policies.meetings_visible_to(self.request.user).select_related("body")
        body = self.request.query_params.get("body")
        if body and body.isdigit():
            queryset = queryset.filter(body_id=int(body))
        return queryset.order_by("-starts_at", "pk")


class _MeetingPartViewSet(viewsets.ReadOnlyModelViewSet):
    model = None

    def get_queryset(self):
        queryset = self.model.objects.filter(
            meeting__in=policies.meetings_visible_to(self.request.user).values("pk")
        )
        meeting = self.request.query_params.get("meeting")
        if meeting and meeting.isdigit():
            queryset = queryset.filter(meeting_id=int(meeting))
        return queryset.order_by("meeting_id", "pk")


class AgendaItemViewSet(_MeetingPartViewSet):
    model = AgendaItem
    serializer_class = serializers.AgendaItemSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("action", "indicator")


class DecisionViewSet(_MeetingPartViewSet):
    model = Decision
    serializer_class = serializers.DecisionSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("actions", "plan_changes")


class FollowUpViewSet(mixins.UpdateModelMixin, _MeetingPartViewSet):
    """Follow-ups; PATCH ``status`` to close one (who manages the body's meetings)."""

    model = FollowUp
    serializer_class = serializers.FollowUpSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("owner_organisation", "meeting__body")

    def perform_update(self, serializer):
        follow_up = serializer.instance
        if not policies.can_manage_meetings(self.request.user, follow_up.meeting.body):
            raise exceptions.PermissionDenied
        try:
            serializer.instance = services.follow_up_set_status(
                actor=self.request.user,
                follow_up=follow_up,
                status=serializer.validated_data.get("status", follow_up.status),
                source=self.request.path,
            )
        except ValidationError as exc:
            raise service_errors(exc) from exc
