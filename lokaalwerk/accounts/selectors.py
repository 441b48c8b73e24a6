"""Reading organisations and people through the access policies."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from . import policies
from .models import Organisation


def organisation_list(*, user) -> QuerySet[Organisation]:
    return (
        policies.organisations_visible_to(user)
        .select_related("parent")
        .annotate(member_count=Count("memberships", distinct=True))
        # An aggregate drops the model's default ordering; pages of the API need a fixed one.
        .order_by("name", "pk")
    )


def organisation_get(*, user, slug: str) -> Organisation:
    try:
        return (
            policies.organisations_visible_to(user)
            .select_related("parent")
            .prefetch_related("children", "agreement_parties__agreement", "led_actions__agreement")
            .get(slug=slug)
        )
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
