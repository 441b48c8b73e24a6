"""Reading the catalogue, always from what accounts/policies.py lets a user see.

The public directory (action 2.1) is searched by words, kind, municipality, language and
"open now"; the inclusion test (principle 8) is read as a target groups × offers matrix whose
cells say why a group cannot use an offer and what was decided about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lokaalwerk.accounts import policies
from lokaalwerk.core.models import ImportJob
from lokaalwerk.geography.models import Municipality

from .constants import DUTCH_LEVEL_RANK, REGION_NIS_CODES, ClientStatus, VacancyStatus
from .models import (
    DirectoryEntry,
    InclusionCell,
    InclusionDecision,
    Offer,
    OpeningHours,
    TargetGroup,
    Vacancy,
)


def offer_list(*, user, query: str = "", provider_id: int | None = None) -> QuerySet[Offer]:
    queryset = (
        policies.offers_visible_to(user)
        .active()
        .select_related("provider")
        .prefetch_related("target_groups", "languages", "locations__municipality")
    )
    if query:
        queryset = queryset.filter(
            Q(name__icontains=query) | Q(description__icontains=query) | Q(summary__icontains=query)
        )
    if provider_id:
        queryset = queryset.filter(provider_id=provider_id)
    return queryset


def offer_get(*, user, slug: str) -> Offer:
    queryset = (
        policies.offers_visible_to(user)
        .select_related("provider")
        .prefetch_related(
            "target_groups",
            "languages",
            "residence_municipalities",
            "locations__municipality",
            "opening_hours",
        )
    )
    try:
        return queryset.get(slug=slug)
    except Offer.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    kind: str = ""
    municipality: str = ""  # NIS code
    language: str = ""  # ISO code
    open_now: bool = False


def _open_at(moment: dt.datetime) -> Q:
    local = timezone.localtime(moment)
    slots = OpeningHours.objects.filter(
        entry=OuterRef("pk"),
        weekday=local.weekday(),
        opens__lte=local.time(),
        closes__gt=local.time(),
    )
    return Q(Exists(slots))


def directory_search(
    *, user, filters: DirectoryFilters, now: dt.datetime | None = None
) -> QuerySet[DirectoryEntry]:
    """Action 2.1: find a wifi point, a computer, childcare, a Dutch course … near you."""
    queryset = (
        policies.directory_entries_visible_to(user)
        .select_related("owner", "location__municipality")
        .prefetch_related("languages", "opening_hours")
        .order_by("location__municipality__name_nl", "name")
    )
    if filters.query:
        words = filters.query.split()
        for word in words[:8]:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(location__street__icontains=word)
                | Q(location__name__icontains=word)
            )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.municipality:
        queryset = queryset.filter(location__municipality__nis_code=filters.municipality)
    if filters.language:
        queryset = queryset.filter(languages__code=filters.language)
    if filters.open_now:
        queryset = queryset.filter(_open_at(now or timezone.now()))
    return queryset.distinct()


def directory_entry_get(*, user, uuid) -> DirectoryEntry:
    try:
        return (
            policies.directory_entries_visible_to(user)
            .select_related("owner", "location__municipality")
            .prefetch_related("languages", "opening_hours")
            .get(uuid=uuid)
        )
    except (DirectoryEntry.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def directory_municipalities() -> QuerySet[Municipality]:
    """Municipalities that have at least one published entry, for the filter."""
    return Municipality.objects.filter(
        catalogue_locations__directory_entries__is_published=True
    ).distinct()


def directory_entries_owned_by(*, user) -> QuerySet[DirectoryEntry]:
    """Entries the user keeps up to date, stale ones first."""
    return (
        policies.directory_entries_editable_by(user)
        .select_related("owner", "location__municipality")
        .order_by("last_checked_on", "name")
    )


# --- Inclusion test -------------------------------------------------------------------------


def barriers(offer: Offer, group: TargetGroup) -> list[str]:
    """Why a group cannot use an offer, derived from the offer's structured eligibility and
    the group's typical profile."""
    reasons = []
    too_young = group.typical_age_to is not None and offer.age_min is not None
    if too_young and group.typical_age_to < offer.age_min:
        reasons.append(_("only from age %(age)d") % {"age": offer.age_min})
    too_old = group.typical_age_from is not None and offer.age_max is not None
    if too_old and group.typical_age_from > offer.age_max:
        reasons.append(_("only up to age %(age)d") % {"age": offer.age_max})
    statuses = offer.eligible_statuses or []
    if group.typical_status and statuses and group.typical_status not in statuses:
        labels = ", ".join(str(ClientStatus(s).label) for s in statuses)
        reasons.append(_("only for: %(statuses)s") % {"statuses": labels})
    level, required = group.typical_dutch_level, offer.dutch_level_min
    if level and required and DUTCH_LEVEL_RANK[level] < DUTCH_LEVEL_RANK[required]:
        reasons.append(_("requires Dutch level %(level)s") % {"level": required})
    if not offer.open_to_partner_clients:
        reasons.append(_("not open to the partners' clients"))
    return reasons


@dataclass
class MatrixCell:
    offer: Offer
    group: TargetGroup
    served: bool
    reasons: list[str] = field(default_factory=list)
    cell: InclusionCell | None = None

    @property
    def status(self) -> str:
        return self.cell.status if self.cell else ""

    @property
    def excluded(self) -> bool:
        return not self.served

    def why(self) -> str:
        parts = list(self.reasons)
        if self.cell and self.cell.barrier:
            parts.append(self.cell.barrier)
        if not parts and not self.served:
            parts.append(_("not among the offer's target groups"))
        return "; ".join(parts)


@dataclass
class InclusionMatrix:
    groups: list[TargetGroup]
    rows: list[tuple[Offer, list[MatrixCell]]]

    def cells(self):
        for _offer, cells in self.rows:
            yield from cells

    def excluded_cells(self):
        return [cell for cell in self.cells() if cell.excluded]


def inclusion_matrix(*, user) -> InclusionMatrix:
    """Principle 8: every offer against every target group, in a fixed number of queries."""
    groups = list(TargetGroup.objects.all())
    offers = list(
        offer_list(user=user).prefetch_related(
            Prefetch(
                "inclusion_cells",
                queryset=InclusionCell.objects.prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=InclusionDecision.objects.select_related("decided_by"),
                    )
                ),
            )
        )
    )
    rows = []
    for offer in offers:
        served_ids = {g.pk for g in offer.target_groups.all()}
        cells_by_group = {c.target_group_id: c for c in offer.inclusion_cells.all()}
        cells = []
        for group in groups:
            reasons = barriers(offer, group)
            served = group.pk in served_ids and not reasons
            cells.append(MatrixCell(offer, group, served, reasons, cells_by_group.get(group.pk)))
        rows.append((offer, cells))
    return InclusionMatrix(groups=groups, rows=rows)


def inclusion_cell_get(*, user, offer_slug: str, group_code: str):
    offer = offer_get(user=user, slug=offer_slug)
    try:
        group = TargetGroup.objects.get(code=group_code)
    except TargetGroup.DoesNotExist as exc:
        raise Http404 from exc
    cell = (
        InclusionCell.objects.filter(offer=offer, target_group=group)
        .prefetch_related(
            Prefetch("decisions", queryset=InclusionDecision.objects.select_related("decided_by"))
        )
        .first()
    )
    reasons = barriers(offer, group)
    served = group in offer.target_groups.all() and not reasons
    return MatrixCell(offer, group, served, reasons, cell)


# --- Vacancies ------------------------------------------------------------------------------


def vacancies_open(*, today: dt.date | None = None) -> QuerySet[Vacancy]:
    """Open and not past expiry: expired vacancies are hidden everywhere (action 3.1)."""
    today = today or timezone.localdate()
    return Vacancy.objects.filter(status=VacancyStatus.OPEN, expires_on__gte=today)


def vacancy_list(
    *, user, municipality: str = "", include_expired: bool = False, today=None
) -> QuerySet[Vacancy]:
    queryset = policies.vacancies_visible_to(user).select_related("municipality")
    if not include_expired:
        queryset = queryset.filter(pk__in=vacancies_open(today=today).values("pk"))
    if municipality:
        queryset = queryset.filter(municipality__nis_code=municipality)
    return queryset


def vacancies_expired(*, user, today=None) -> QuerySet[Vacancy]:
    today = today or timezone.localdate()
    return (
        policies.vacancies_visible_to(user)
        .filter(status=VacancyStatus.OPEN, expires_on__lt=today)
        .select_related("municipality")
    )


def vacancy_get(*, user, pk: int) -> Vacancy:
    try:
        return policies.vacancies_visible_to(user).select_related("municipality").get(pk=pk)
    except Vacancy.DoesNotExist as exc:
        raise Http404 from exc


def vacancy_municipalities(*, user) -> QuerySet[Municipality]:
    """The municipalities whose vacancies a user follows: the social-economy region and those
    of the user's agreements, without those another local government's agreement covers."""
    return (
        policies.municipalities_for(user)
        .filter(
            Q(nis_code__in=REGION_NIS_CODES)
            | Q(agreements__in=policies.agreements_visible_to(user))
        )
        .distinct()
    )


def vacancies_per_municipality(*, user, today=None) -> list[dict]:
    """For the regional coordinator: the ten municipalities with their open, indication-free
    and expired-but-still-open vacancies."""
    today = today or timezone.localdate()
    visible = policies.vacancies_visible_to(user)
    open_q = Q(
        catalogue_vacancies__in=visible,
        catalogue_vacancies__status=VacancyStatus.OPEN,
        catalogue_vacancies__expires_on__gte=today,
    )
    expired_q = Q(
        catalogue_vacancies__in=visible,
        catalogue_vacancies__status=VacancyStatus.OPEN,
        catalogue_vacancies__expires_on__lt=today,
    )
    municipalities = (
        Municipality.objects.filter(pk__in=vacancy_municipalities(user=user).values("pk"))
        .annotate(
            open_count=Count("catalogue_vacancies", filter=open_q, distinct=True),
            without_indication=Count(
                "catalogue_vacancies",
                filter=open_q & Q(catalogue_vacancies__indication_required=False),
                distinct=True,
            ),
            expired_count=Count("catalogue_vacancies", filter=expired_q, distinct=True),
        )
        .order_by("name_nl")
    )
    return list(municipalities)


def vacancy_import_job_get(*, user, pk) -> ImportJob:
    """A vacancy import running (or run) in the background, for the person who started it."""
    from .services import VACANCY_IMPORT_JOB

    job = policies.import_jobs_visible_to(user).filter(kind=VACANCY_IMPORT_JOB, pk=pk).first()
    if job is None:
        raise Http404(_("No such import."))
    return job
