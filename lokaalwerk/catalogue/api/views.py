"""The catalogue's REST API: offers and vacancies for partners, the directory for everyone.

Writes go through the same services as the pages; access through accounts/policies.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied

from lokaalwerk.accounts import policies
from lokaalwerk.catalogue import selectors, services
from lokaalwerk.core.api import service_errors

from . import serializers


def _slots(data) -> list[services.HoursSlot]:
    return [
        services.HoursSlot(h["weekday"], h["opens"], h["closes"], h.get("note", "")) for h in data
    ]


class CanViewCatalogue(permissions.BasePermission):
    def has_permission(self, request, view):
        return policies.can_view_catalogue(request.user)


class OfferViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The partners' offer (action 2.3). Contributors of the provider create and edit offers."""

    serializer_class = serializers.OfferSerializer
    permission_classes = [CanViewCatalogue]
    lookup_field = "slug"

    def get_queryset(self):
        return (
            policies.offers_visible_to(self.request.user)
            .select_related("provider")
            .prefetch_related(
                "target_groups",
                "languages",
                "residence_municipalities",
                "locations",
                "opening_hours",
            )
            .order_by("name")
        )

    def _save(self, serializer, offer=None):
        data = dict(serializer.validated_data)
        hours = data.pop("opening_hours", None)
        relations = {name: data.pop(name) for name in services.OFFER_RELATIONS if name in data}
        provider = data.get("provider") or (offer.provider if offer else None)
        allowed = policies.offer_provider_choices_for(self.request.user)
        if provider is not None and not allowed.filter(pk=provider.pk).exists():
            raise PermissionDenied("You may not publish offers for this organisation.")
        try:
            serializer.instance = services.offer_save(
                actor=self.request.user,
                offer=offer,
                values=data,
                relations=relations,
                hours=_slots(hours) if hours is not None else None,
                source=self.request.path,
            )
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc

    def perform_create(self, serializer):
        if not policies.can_edit_offer(self.request.user):
            raise PermissionDenied
        serializer.validated_data.setdefault("last_checked_on", timezone.localdate())
        self._save(serializer)

    def perform_update(self, serializer):
        if not policies.can_edit_offer(self.request.user, serializer.instance):
            raise PermissionDenied
        self._save(serializer, offer=serializer.instance)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words in name, description or address"),
            OpenApiParameter("kind", str, description="Directory kind"),
            OpenApiParameter("municipality", str, description="NIS code"),
            OpenApiParameter("language", str, description="ISO 639-1 code"),
            OpenApiParameter("open_now", bool, description="Only places open right now"),
        ]
    )
)
class DirectoryEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The public directory (action 2.1): anyone reads, the owner's contributors write.
    Signed-in callers also read each entry's `owner_email` and `is_published`."""

    lookup_field = "uuid"

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_serializer_class(self):
        if self.action in ("list", "retrieve") and not self.request.user.is_authenticated:
            return serializers.PublicDirectoryEntrySerializer
        return serializers.DirectoryEntrySerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = selectors.DirectoryFilters(
            query=params.get("q", "")[:100],
            kind=params.get("kind", ""),
            municipality=params.get("municipality", ""),
            language=params.get("language", ""),
            open_now=params.get("open_now", "").lower() in {"1", "true", "yes"},
        )
        return selectors.directory_search(user=self.request.user, filters=filters)

    def _save(self, serializer, entry=None):
        data = dict(serializer.validated_data)
        hours = data.pop("opening_hours", None)
        languages = data.pop("languages", None)
        owner = data.get("owner") or (entry.owner if entry else None)
        allowed = policies.offer_provider_choices_for(self.request.user)
        if owner is not None and not allowed.filter(pk=owner.pk).exists():
            raise PermissionDenied("You may not keep entries for this organisation.")
        try:
            serializer.instance = services.directory_entry_save(
                actor=self.request.user,
                entry=entry,
                values=data,
                languages=languages,
                hours=_slots(hours) if hours is not None else None,
                source=self.request.path,
            )
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc

    def perform_create(self, serializer):
        if not policies.can_edit_directory_entry(self.request.user):
            raise PermissionDenied
        self._save(serializer)

    def perform_update(self, serializer):
        if not policies.can_edit_directory_entry(self.request.user, serializer.instance):
            raise PermissionDenied
        self._save(serializer, entry=serializer.instance)


class CanViewVacancies(permissions.BasePermission):
    def has_permission(self, request, view):
        return policies.can_view_vacancies(request.user)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("municipality", str, description="NIS code (one of the ten)"),
            OpenApiParameter("include_expired", bool, description="Also vacancies past expiry"),
        ]
    )
)
class VacancyViewSet(viewsets.ReadOnlyModelViewSet):
    """Social-economy vacancies of the region (action 3.1); expired ones only on request."""

    serializer_class = serializers.VacancySerializer
    permission_classes = [CanViewVacancies]

    def get_queryset(self):
        params = self.request.query_params
        include_expired = params.get("include_expired", "").lower() in {"1", "true", "yes"}
        if self.action == "retrieve":
            include_expired = True
        return selectors.vacancy_list(
            user=self.request.user,
            municipality=params.get("municipality", ""),
            include_expired=include_expired,
        ).order_by("expires_on", "pk")
