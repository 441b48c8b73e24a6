"""Reading screening rounds, always through what the policies let a user see.

The counts the steering group reads have small numbers (1 to 4) suppressed: a count that small
can point to a young person in a small organisation."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from lokaalwerk.accounts import policies

from .constants import SMALL_NUMBER
from .models import ScreeningRound, TokenUpload


def screening_round_list(*, user) -> QuerySet[ScreeningRound]:
    return policies.screening_rounds_visible_to(user).prefetch_related("organisations")


def screening_round_get(*, user, pk: int) -> ScreeningRound:
    queryset = policies.screening_rounds_visible_to(user).prefetch_related(
        "organisations",
        Prefetch(
            "uploads",
            queryset=TokenUpload.objects.select_related("organisation").defer("tokens", "found"),
        ),
    )
    try:
        return queryset.select_related("steering_group", "approved_by").get(pk=pk)
    except ScreeningRound.DoesNotExist as exc:
        raise Http404 from exc


def upload_get(*, user, screening_round: ScreeningRound, organisation_slug: str) -> TokenUpload:
    """One partner's upload with its result, only for that partner's own staff."""
    upload = (
        TokenUpload.objects.select_related("organisation", "round")
        .filter(round=screening_round, organisation__slug=organisation_slug)
        .first()
    )
    if upload is None or not policies.can_view_screening_result(user, upload):
        raise Http404
    return upload


def suppress(value: int) -> str:
    """A count as the steering group sees it: "<5" for 1 to 4."""
    return f"<{SMALL_NUMBER}" if 0 < value < SMALL_NUMBER else str(value)


def round_counts(screening_round: ScreeningRound) -> dict:
    """Counts with small numbers suppressed: only in one list, and in both lists of a pair."""
    counts = screening_round.counts or {}
    return {
        "lists": [
            {
                "organisation": row["organisation"],
                "name": row["name"],
                "only_here": suppress(row["only_here"]),
            }
            for row in counts.get("lists", [])
        ],
        "pairs": [
            {
                "a": row["a"],
                "a_name": row["a_name"],
                "b": row["b"],
                "b_name": row["b_name"],
                "both": suppress(row["both"]),
            }
            for row in counts.get("pairs", [])
        ],
    }
