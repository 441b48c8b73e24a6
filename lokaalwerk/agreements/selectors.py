"""Reading agreements and their plan, always through what the policies let a user see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from lokaalwerk.accounts import policies

from .models import Action, ActionDomain, Agreement, Party, Theme


def agreement_list(*, user) -> QuerySet[Agreement]:
    return policies.agreements_visible_to(user).prefetch_related("municipalities")


def agreement_get(*, user, slug: str) -> Agreement:
    """The agreement with its whole tree, in a fixed number of queries."""
    queryset = (
        policies.agreements_visible_to(user)
        .prefetch_related(
            "municipalities",
            "ambitions",
            "principles",
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
            "bodies__convenor",
        )
        .select_related("predecessor")
    )
    try:
        return queryset.get(slug=slug)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc


def action_list(*, user, agreement: Agreement | None = None) -> QuerySet[Action]:
    queryset = Action.objects.filter(agreement__in=policies.agreements_visible_to(user))
    if agreement is not None:
        queryset = queryset.filter(agreement=agreement)
    return queryset.select_related("agreement", "domain__theme", "lead_organisation")


def action_get(*, user, agreement_slug: str, code: str) -> Action:
    try:
        return (
            action_list(user=user)
            .select_related("continues__agreement")
            .prefetch_related("items", "commitments__organisation", "bodies")
            .get(agreement__slug=agreement_slug, code=code)
        )
    except Action.DoesNotExist as exc:
        raise Http404 from exc
