from django.db.models import Prefetch
from rest_framework import viewsets

from lokaalwerk.agreements import selectors
from lokaalwerk.agreements.models import Action, ActionDomain, Party, Theme

from . import serializers


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    """Agreements; the detail holds the plan: parties, principles, themes, domains, actions."""

    lookup_field = "slug"

    def get_queryset(self):
        queryset = selectors.agreement_list(user=self.request.user).select_related("predecessor")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                "ambitions",
                "principles",
                "bodies__convenor",
                Prefetch(
                    "parties",
                    queryset=Party.objects.select_related("organisation").prefetch_related(
                        "signatories"
                    ),
                ),
                Prefetch(
                    "themes",
                    queryset=Theme.objects.prefetch_related(
                        Prefetch(
                            "domains",
                            queryset=ActionDomain.objects.prefetch_related(
                                Prefetch(
                                    "actions",
                                    queryset=Action.objects.select_related(
                                        "lead_organisation"
                                    ).prefetch_related("items"),
                                )
                            ),
                        )
                    ),
                ),
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.AgreementDetailSerializer
        return serializers.AgreementListSerializer


class ActionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ActionSerializer

    def get_queryset(self):
        queryset = selectors.action_list(user=self.request.user).prefetch_related(
            "items", "commitments__organisation"
        )
        agreement = self.request.query_params.get("agreement")
        if agreement:
            queryset = queryset.filter(agreement__slug=agreement)
        return queryset.order_by("agreement_id", "sort_key")
