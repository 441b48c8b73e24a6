"""Reading indicator data for the dashboard, the meeting pack and the API.

The steering group "follows the unemployment figures, the indicator set and the dashboard
lokale besturen consistently" (Part IV). A dashboard is read in a fixed number of queries,
however many indicators it shows: every observation of the area (or of a group's members),
the comparison totals, targets and versions are fetched once and split in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, Max, Q, QuerySet, Sum, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lokaalwerk.accounts import policies
from lokaalwerk.geography.models import Area, AreaKind
from lokaalwerk.geography.services import FLANDERS_CODE

from .constants import DIMENSION_CATEGORIES, Dimension, Flag, ImportKind, Periodicity
from .models import ImportBatch, Indicator, IndicatorVersion, Observation, Target


class Point(NamedTuple):
    """One figure of a series. A tuple of atomic values: a dashboard holds thousands, and the
    garbage collector stops tracking tuples like these."""

    period: dt.date
    value: Decimal | None
    flag: str = ""


@dataclass
class Series:
    """One indicator for one area over time, with what the chart and its table need."""

    indicator: Indicator
    area: Area
    points: list[Point] = field(default_factory=list)
    comparisons: dict[str, list[Point]] = field(default_factory=dict)
    targets: list[tuple[int, Decimal]] = field(default_factory=list)
    breaks: list[IndicatorVersion] = field(default_factory=list)
    breakdowns: dict[str, list[tuple[str, Decimal | None]]] = field(default_factory=dict)
    synthetic: bool = False
    updated_at: dt.datetime | None = None
    note: str = ""

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def known(self) -> list[Point]:
        return [p for p in self.points if p.value is not None]

    @property
    def latest(self) -> Point | None:
        known = self.known
        return known[-1] if known else None

    @property
    def previous(self) -> Point | None:
        known = self.known
        return known[-2] if len(known) > 1 else None

    @property
    def change(self) -> Decimal | None:
        if self.latest is None or self.previous is None:
            return None
        return self.latest.value - self.previous.value

    @property
    def trend(self) -> str:
        """ "better", "worse" or "same" against the previous period, by the polarity."""
        change = self.change
        if change is None or change == 0 or self.indicator.polarity == "neutral":
            return "same"
        up_is_good = self.indicator.polarity == "higher"
        return "better" if (change > 0) == up_is_good else "worse"

    def comparison_latest(self, label: str) -> Decimal | None:
        if self.latest is None:
            return None
        for point in self.comparisons.get(label, []):
            if point.period == self.latest.period:
                return point.value
        return None

    @property
    def comparison_latest_values(self) -> list[tuple[str, Decimal | None]]:
        return [(label, self.comparison_latest(label)) for label in self.comparisons]

    @property
    def target_for_latest(self) -> Decimal | None:
        if self.latest is None:
            return None
        return dict(self.targets).get(self.latest.period.year)

    @property
    def age_days(self) -> int | None:
        if self.updated_at is None:
            return None
        return (timezone.now() - self.updated_at).days

    def table_rows(self) -> list[dict]:
        """One row per period: the value, each comparison and the target of that year."""
        lookups = {
            label: {p.period: p for p in points} for label, points in self.comparisons.items()
        }
        targets = dict(self.targets)
        return [
            {
                "period": p.period,
                "value": p.value,
                "flag": p.flag,
                "comparisons": [lookups[label].get(p.period) for label in self.comparisons],
                "target": targets.get(p.period.year),
            }
            for p in self.points
        ]

    def svg(self):
        from .charts import line_chart

        return line_chart(self)


def period_label(day: dt.date, periodicity: str) -> str:
    if periodicity == Periodicity.YEAR:
        return str(day.year)
    if periodicity == Periodicity.QUARTER:
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def area_get(*, code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise Http404(_("No such area."))
    return area


def dashboard_areas() -> QuerySet[Area]:
    """Areas a dashboard can be asked for: groups, today's municipalities and the regions."""
    today = timezone.localdate()
    return (
        Area.objects.valid_on(today)
        .filter(kind__in=[AreaKind.GROUP, AreaKind.MUNICIPALITY, AreaKind.REFERENCE_REGION])
        .order_by("kind", "name_nl")
    )


def comparison_areas(area: Area) -> list[tuple[str, Area]]:
    """A municipality is compared with its group (the social-economy region) or reference
    region, and with Flanders; a group with Flanders. One query."""
    wanted = Q(code=FLANDERS_CODE)
    if area.kind == AreaKind.MUNICIPALITY:
        wanted |= Q(members=area, kind__in=[AreaKind.GROUP, AreaKind.REFERENCE_REGION])
    found = list(Area.objects.filter(wanted).exclude(pk=area.pk).distinct())
    region = next((a for a in found if a.kind == AreaKind.GROUP), None) or next(
        (a for a in found if a.kind == AreaKind.REFERENCE_REGION), None
    )
    flanders = next((a for a in found if a.code == FLANDERS_CODE), None)
    return [(other.name_nl, other) for other in (region, flanders) if other is not None]


def _predecessor_ids(area: Area) -> list[int]:
    """The codes this municipality succeeded, over both the 2019 and the 2025 mergers."""
    found: list[int] = []
    level = [area.pk]
    for _level in range(3):
        level = list(Area.objects.filter(successor_id__in=level).values_list("pk", flat=True))
        if not level:
            break
        found += level
    return found


def _fetch(
    area_ids: list[int],
    indicators: dict[int, Indicator],
    *,
    start,
    end,
    totals_only,
    group,
    latest: dict[int, dt.date] | None = None,
    by_area: bool = False,
):
    """Rows (indicator, period, breakdown, value, flag): one area's figures as stored, or a
    group's summed in the database over its members (counts only, never rates). With
    ``latest`` (indicator id → period), only the disaggregated rows of that period."""
    ids = [pk for pk, i in indicators.items() if not group or i.is_summable]
    queryset = Observation.objects.filter(area_id__in=area_ids, indicator_id__in=ids)
    if start:
        queryset = queryset.filter(period_start__gte=start)
    if end:
        queryset = queryset.filter(period_start__lte=end)
    if totals_only:
        queryset = queryset.filter(breakdown="")
    if latest is not None:
        # Usually one month for all; rows of another indicator's latest month are dropped by
        # _attach_breakdowns, which only reads each indicator's own latest period.
        queryset = queryset.filter(
            indicator_id__in=list(latest), period_start__in=set(latest.values()), breakdown__gt=""
        )
    if by_area:
        return _rows(
            queryset.values_list(
                "area_id", "indicator_id", "period_start", "breakdown", "value", "flag"
            )
        )
    if not group:
        return _rows(
            queryset.values_list("indicator_id", "period_start", "breakdown", "value", "flag")
        )
    return _rows(
        queryset.values("indicator_id", "period_start", "breakdown")
        .annotate(total=Sum("value"), worst=Max("flag"))
        .values_list("indicator_id", "period_start", "breakdown", "total", "worst")
        .order_by()
    )


def _rows(queryset) -> list[tuple]:
    """The rows of a values_list query. On PostgreSQL straight from the cursor, in one fetch:
    the driver already returns dates and decimals, and a dashboard reads thousands of rows.
    Elsewhere through Django's converters (SQLite keeps decimals as text)."""
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _freshness(area_ids: list[int], indicator_ids: list[int]) -> dict[int, tuple]:
    """Per indicator: when its figures were last loaded and whether any is synthetic."""
    demo = ImportBatch.objects.filter(kind=ImportKind.DEMO).values("pk")
    rows = (
        Observation.objects.filter(
            area_id__in=area_ids, indicator_id__in=indicator_ids, breakdown=""
        )
        .values("indicator_id")
        .annotate(
            updated=Max("updated_at"),
            synthetic=Max(Case(When(batch_id__in=demo, then=1), default=0)),
        )
        .values_list("indicator_id", "updated", "synthetic")
        .order_by()
    )
    return {pk: (updated, bool(synthetic)) for pk, updated, synthetic in rows}


class _Cube:
    """Rows of one area or of a group (already summed), split per indicator and breakdown;
    computed indicators are derived from their (summed) terms."""

    def __init__(self, rows, indicators: dict[int, Indicator], *, group: bool = False):
        self.indicators = indicators
        self.values: dict[tuple[int, str], dict[dt.date, list]] = defaultdict(dict)
        incomplete = (Flag.MISSING, Flag.SUPPRESSED)
        for indicator_id, period, breakdown, value, flag in rows:
            if value is None:
                flag = flag or Flag.MISSING
            elif group and flag in incomplete:
                flag = Flag.ESTIMATE  # a sum over members of which some are unknown
            self.values[(indicator_id, breakdown)][period] = (value, flag)

    def absorb(self, predecessors: _Cube, valid_from: dt.date | None) -> None:
        """Show a series on today's borders: add the counts published for the codes this area
        succeeded, except where this code's own figure was already recomputed on the new
        borders (a period before the code existed)."""
        for key, cells in predecessors.values.items():
            own = self.values[key]
            for period, (value, flag) in cells.items():
                mine = own.get(period)
                if mine is None:
                    own[period] = (value, flag)
                elif valid_from is None or period >= valid_from:
                    total = None if mine[0] is None or value is None else mine[0] + value
                    own[period] = (total, mine[1] or flag)

    def points(self, indicator: Indicator, breakdown: str = "") -> list[Point]:
        if indicator.is_computed:
            num = self.values.get((indicator.numerator_id, breakdown), {})
            den = self.values.get((indicator.denominator_id, breakdown), {})
            den_by_year = {d.year: v for d, v in den.items()}
            points = []
            for period, (value, flag) in sorted(num.items()):
                denominator = den.get(period) or den_by_year.get(period.year)
                if value is None or not denominator or denominator[0] is None or not denominator[0]:
                    points.append(Point(period, None, flag or Flag.MISSING))
                else:
                    ratio = value / denominator[0] * indicator.factor
                    points.append(Point(period, ratio.quantize(Decimal("0.01"))))
            return points
        cells = self.values.get((indicator.pk, breakdown), {})
        return [Point(period, value, flag or "") for period, (value, flag) in sorted(cells.items())]


def _indicators_with_terms(indicators: list[Indicator]) -> dict[int, Indicator]:
    wanted = {i.pk: i for i in indicators}
    term_ids = {
        t for i in indicators if i.is_computed for t in (i.numerator_id, i.denominator_id)
    } - set(wanted)
    if term_ids:
        wanted.update({i.pk: i for i in Indicator.objects.filter(pk__in=term_ids)})
    return wanted


def series_for(
    *,
    area: Area,
    indicators: list[Indicator],
    start: dt.date | None = None,
    end: dt.date | None = None,
    with_comparisons: bool = True,
    with_breakdowns: bool = True,
    compared: list[tuple[str, Area]] | None = None,
    targets: QuerySet[Target] | None = None,
) -> list[Series]:
    """Series of these indicators for an area, in a fixed number of queries; with their
    targets among ``targets`` (for a reader: ``policies.targets_visible_to``).

    The series are monthly (or quarterly, yearly) totals; the disaggregations are read for the
    latest known period only, which is what the dashboard shows: one municipality holds ten
    years of months × every disaggregation, and reading all of it for one answer would cost
    fifteen times the rows it uses."""
    if not indicators:
        return []
    all_indicators = _indicators_with_terms(indicators)
    ids = list(all_indicators)
    is_group = area.kind in (AreaKind.GROUP, AreaKind.REFERENCE_REGION)
    # A group is read like a municipality: its totals are derived rows (aggregates_refresh).
    member_ids = [area.pk]
    if not with_comparisons:
        compared = []
    elif compared is None:
        compared = comparison_areas(area)
    # The area's totals and those of the areas it is compared with, in one query.
    rows_by_area: dict[int, list] = defaultdict(list)
    read = member_ids + [other.pk for _, other in compared]
    for area_id, *row in _fetch(
        read, all_indicators, start=start, end=end, totals_only=True, group=False, by_area=True
    ):
        rows_by_area[area_id].append(row)
    own = _Cube(rows_by_area[area.pk], all_indicators)
    predecessor_ids = _predecessor_ids(area) if area.kind == AreaKind.MUNICIPALITY else []
    if predecessor_ids:
        rows = _fetch(
            predecessor_ids, all_indicators, start=start, end=end, totals_only=True, group=True
        )
        own.absorb(_Cube(rows, all_indicators, group=True), area.valid_from)
    fresh = _freshness(member_ids, ids)
    comparisons = [
        (label, _Cube(rows_by_area[other.pk], all_indicators)) for label, other in compared
    ]
    targets, versions = _targets_and_breaks(area, ids, targets)
    result = []
    for indicator in indicators:
        series = Series(indicator=indicator, area=area)
        series.points = own.points(indicator)
        if is_group and not indicator.is_summable and not indicator.is_computed:
            series.note = _("Rates and shares are not summed over areas.")
        for label, cube in comparisons:
            points = cube.points(indicator)
            if points:
                series.comparisons[label] = points
        series.targets = targets.get(indicator.pk, [])
        series.breaks = versions.get(indicator.pk, [])
        terms = [indicator.pk, indicator.numerator_id, indicator.denominator_id]
        series.synthetic = any(fresh[t][1] for t in terms if t in fresh)
        updated = [fresh[t][0] for t in terms if t in fresh]
        series.updated_at = max(updated) if updated else None
        result.append(series)
    if with_breakdowns:
        _attach_breakdowns(result, area, member_ids, predecessor_ids, all_indicators)
    return result


def _targets_and_breaks(area: Area, ids: list[int], chosen=None) -> tuple[dict, dict]:
    targets: dict[int, list] = defaultdict(list)
    chosen = Target.objects.all() if chosen is None else chosen
    for target in chosen.filter(area=area, indicator_id__in=ids).order_by("year"):
        targets[target.indicator_id].append((target.year, target.value))
    versions: dict[int, list] = defaultdict(list)
    for version in IndicatorVersion.objects.filter(indicator_id__in=ids, is_break=True):
        versions[version.indicator_id].append(version)
    return targets, versions


def _attach_breakdowns(result, area, member_ids, predecessor_ids, all_indicators) -> None:
    """The disaggregations at each series' latest period: one query (two for a merged
    municipality), whatever the number of indicators."""
    latest = {
        s.indicator.pk: s.latest.period
        for s in result
        if s.latest is not None and s.indicator.dimensions and not s.indicator.is_computed
    }
    if not latest:
        return
    options = {"start": None, "end": None, "totals_only": False, "latest": latest}
    cells = _Cube(_fetch(member_ids, all_indicators, group=False, **options), all_indicators)
    if predecessor_ids:
        rows = _fetch(predecessor_ids, all_indicators, group=True, **options)
        cells.absorb(_Cube(rows, all_indicators, group=True), area.valid_from)
    for series in result:
        if series.indicator.pk in latest:
            series.breakdowns = _breakdowns(cells, series.indicator, latest[series.indicator.pk])


def _breakdowns(cube: _Cube, indicator: Indicator, period: dt.date) -> dict:
    found = {}
    for dimension in indicator.dimensions:
        values = []
        for category in DIMENSION_CATEGORIES.get(Dimension(dimension), []):
            cell = cube.values.get((indicator.pk, f"{dimension}={category}"), {}).get(period)
            if cell is not None:
                values.append((category, cell[0]))
        if values:
            found[str(Dimension(dimension).label)] = values
    return found


@dataclass
class Dashboard:
    area: Area
    series: list[Series]
    youth: list[Series]
    key_figures: list[Series]
    comparisons: list[str]


def dashboard_get(*, user, area: Area, start=None, end=None) -> Dashboard:
    """The dashboard of a municipality or group: key figures with their trend and
    comparisons, every series with its targets, the youth view and the breakdowns."""
    indicators = list(policies.indicators_visible_to(user).order_by("order", "code"))
    compared = comparison_areas(area)
    series = [
        s
        for s in series_for(
            area=area,
            indicators=indicators,
            start=start,
            end=end,
            compared=compared,
            targets=policies.targets_visible_to(user),
        )
        if s.points
    ]
    key = [s for s in series if not s.indicator.is_youth and s.latest is not None][:4]
    return Dashboard(
        area=area,
        series=[s for s in series if not s.indicator.is_youth],
        youth=[s for s in series if s.indicator.is_youth],
        key_figures=key,
        comparisons=[label for label, _ in compared],
    )


def indicator_list(*, user) -> QuerySet[Indicator]:
    return policies.indicators_visible_to(user).select_related("numerator", "denominator")


def indicator_get(*, user, code: str) -> Indicator:
    indicator = indicator_list(user=user).filter(code=code).first()
    if indicator is None:
        raise Http404(_("No such indicator."))
    return indicator


def observation_list(
    *,
    user,
    indicator: str | None = None,
    area: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    breakdown: str | None = None,
) -> QuerySet[Observation]:
    """Observations filtered by indicator code, area or group code (a group gives its
    members' figures), period range and disaggregation ("" for totals)."""
    queryset = Observation.objects.filter(
        indicator__in=policies.indicators_visible_to(user)
    ).select_related("indicator", "area")
    if indicator:
        queryset = queryset.filter(indicator__code=indicator)
    if area:
        areas = Area.objects.filter(Q(code=area) | Q(member_of__code=area)).values("pk")
        queryset = queryset.filter(area_id__in=areas)
    if start:
        queryset = queryset.filter(period_start__gte=start)
    if end:
        queryset = queryset.filter(period_start__lte=end)
    if breakdown is not None:
        queryset = queryset.filter(breakdown=breakdown)
    return queryset.order_by("indicator__code", "area__code", "period_start", "breakdown")


def target_list(*, user, indicator: str | None = None, area: str | None = None) -> QuerySet[Target]:
    """Targets on the indicators the user sees, filtered by indicator code and area code, in
    the order of the indicator set, then by area and year."""
    queryset = (
        policies.targets_visible_to(user)
        .filter(indicator__in=policies.indicators_visible_to(user))
        .select_related("indicator", "area", "action__agreement")
    )
    if indicator:
        queryset = queryset.filter(indicator__code=indicator)
    if area:
        queryset = queryset.filter(area__code=area)
    return queryset.order_by("indicator__order", "indicator__code", "area__name_nl", "year")


def target_filter_areas() -> QuerySet[Area]:
    """Areas to filter targets by: those a dashboard shows and any that holds a target."""
    return Area.objects.filter(
        Q(pk__in=dashboard_areas().values("pk")) | Q(pk__in=Target.objects.values("area_id"))
    ).order_by("kind", "name_nl")


def target_get(*, user, pk: int) -> Target:
    target = target_list(user=user).filter(pk=pk).first()
    if target is None:
        raise Http404(_("No such target."))
    return target


def indicator_series_for_actions(*, actions) -> list[Series]:
    """Series of the indicators linked to these actions, directly or through a target, for
    the area of the target (the social-economy region when none is set). Used by the
    meeting pack and the action page; a fixed number of queries per area."""
    action_ids = [a.pk for a in actions]
    if not action_ids:
        return []
    indicators = list(
        Indicator.objects.filter(Q(actions__in=action_ids) | Q(targets__action__in=action_ids))
        .distinct()
        .order_by("order", "code")
    )
    if not indicators:
        return []
    by_area: dict[int, list[Indicator]] = defaultdict(list)
    areas: dict[int, Area] = {}
    target_areas = Target.objects.filter(
        indicator__in=indicators, action__in=action_ids
    ).select_related("area")
    for target in target_areas:
        areas[target.area_id] = target.area
        if target.indicator not in by_area[target.area_id]:
            by_area[target.area_id].append(
                next(i for i in indicators if i.pk == target.indicator_id)
            )
    without = [i for i in indicators if not any(i in lst for lst in by_area.values())]
    if without:
        default = Area.objects.filter(kind=AreaKind.GROUP).order_by("pk").first()
        if default is not None:
            areas[default.pk] = default
            by_area[default.pk].extend(without)
    result = []
    for area_id, area_indicators in by_area.items():
        result.extend(
            series_for(area=areas[area_id], indicators=area_indicators, with_breakdowns=False)
        )
    return result


def observation_import_job_get(*, user, pk):
    """A large import of figures running (or run) in the background, for who started it."""
    from .services import OBSERVATION_IMPORT_JOB

    job = policies.import_jobs_visible_to(user).filter(kind=OBSERVATION_IMPORT_JOB, pk=pk).first()
    if job is None:
        raise Http404(_("No such import."))
    return job
