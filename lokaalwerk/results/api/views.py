"""The results API: progress updates, milestones and snapshots.

Contributors of an action's organisations write; everyone who reads the plan reads. The same
services and policies as the pages, so a page and its API never disagree."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from lokaalwerk.accounts import policies
from lokaalwerk.core.api import service_errors
from lokaalwerk.results import services
from lokaalwerk.results.models import Milestone, Snapshot

from .serializers import MilestoneSerializer, ProgressUpdateSerializer, SnapshotSerializer


def _visible_action_ids(user):
    return policies.agreements_visible_to(user).values("actions")


class ProgressUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Progress updates; filter with ?action=<id> or ?agreement=<slug>. New updates wait for a
    coordinator's approval when the agreement requires it."""

    serializer_class = ProgressUpdateSerializer

    def get_queryset(self):
        queryset = (
            policies.progress_updates_visible_to(self.request.user)
            .filter(action__in=_visible_action_ids(self.request.user))
            .select_related("action", "period", "author")
            .order_by("action__sort_key", "-period__start_date", "-created_at")
        )
        params = self.request.query_params
        if params.get("action", "").isdigit():
            queryset = queryset.filter(action_id=int(params["action"]))
        if params.get("agreement"):
            queryset = queryset.filter(action__agreement__slug=params["agreement"])
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        action = data["action"]
        if not policies.can_write_progress(self.request.user, action):
            raise PermissionDenied
        try:
            serializer.instance = services.progress_update_create(
                actor=self.request.user,
                action=action,
                period=data["period"],
                status=data["status"],
                progress=data["progress"],
                note=data.get("note", ""),
                narrative=data.get("narrative", ""),
                evidence_url=data.get("evidence_url", ""),
                source=self.request.path,
            )
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc


class MilestoneViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Milestones with due dates; filter with ?action=<id>."""

    serializer_class = MilestoneSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = Milestone.objects.filter(
            action__in=_visible_action_ids(self.request.user)
        ).select_related("action")
        if self.request.query_params.get("action", "").isdigit():
            queryset = queryset.filter(action_id=int(self.request.query_params["action"]))
        return queryset

    def _save(self, serializer, milestone=None):
        data = {**serializer.validated_data}
        action = data.pop("action", None) or milestone.action
        if milestone is not None and action.pk != milestone.action_id:
            raise serializers.ValidationError({"action": ["A milestone stays with its action."]})
        if not policies.can_write_progress(self.request.user, action):
            raise PermissionDenied
        values = {
            "title": data.get("title", milestone.title if milestone else ""),
            "due_date": data.get("due_date", milestone.due_date if milestone else None),
            "done_on": data.get("done_on", milestone.done_on if milestone else None),
        }
        try:
            serializer.instance = services.milestone_save(
                actor=self.request.user,
                action=action,
                milestone=milestone,
                source=self.request.path,
                **values,
            )
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class SnapshotViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Named, frozen copies of the plan with its latest progress; coordinators freeze them."""

    serializer_class = SnapshotSerializer

    def get_queryset(self):
        queryset = Snapshot.objects.filter(
            agreement__in=policies.agreements_visible_to(self.request.user)
        ).select_related("agreement", "created_by")
        if self.request.query_params.get("agreement"):
            queryset = queryset.filter(agreement__slug=self.request.query_params["agreement"])
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        agreement = data["agreement"]
        if not policies.can_manage_results(self.request.user, agreement):
            raise PermissionDenied
        try:
            serializer.instance = services.snapshot_create(
                agreement=agreement,
                name=data["name"],
                reference=data.get("reference", ""),
                actor=self.request.user,
                source=self.request.path,
            )
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc
