"""What Part IV reads from the results and indicators apps for agendas and meeting packs, and
what it asks of the results app when the city–VDAB steering group's calendar changes.

The city–VDAB steering group follows the unemployment figures and the indicator set and
evaluates efforts and results (Part IV); those figures and the progress of the actions are kept
by the indicators and results apps. This module is the one place that reaches them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .constants import BodyKind

#: Progress statuses the steering group should hear about.
FLAGGED_STATUSES = {"at_risk", "off_track"}
MAX_POINTS = 12


def action_statuses(agreement, *, public_only: bool = True) -> dict[int, dict[str, Any]]:
    """Latest progress per action; the pack shows approved updates only."""
    from lokaalwerk.results.selectors import latest_status_by_action

    return latest_status_by_action(agreement=agreement, public_only=public_only)


def late_or_off_track(agreement) -> dict[int, str]:
    """Action id -> why it is flagged: at risk or off track, or its update is overdue."""
    from lokaalwerk.results.selectors import overdue_list

    flagged = {
        action_id: str(row["status_label"])
        for action_id, row in action_statuses(agreement, public_only=False).items()
        if row["status"] in FLAGGED_STATUSES
    }
    for row in overdue_list(agreement=agreement, today=timezone.localdate()):
        flagged.setdefault(row["action"].pk, "late")
    return flagged


def pack_snapshot(*, meeting, actor) -> dict[str, Any] | None:
    """Freeze the plan with its approved progress under the meeting's name."""
    from lokaalwerk.results.models import Snapshot
    from lokaalwerk.results.services import snapshot_create

    name = f"{meeting} #{meeting.pk}"
    snapshot = Snapshot.objects.filter(agreement=meeting.body.agreement, name=name).first()
    if snapshot is None:
        snapshot = snapshot_create(
            agreement=meeting.body.agreement,
            name=name,
            actor=actor,
            reference=f"meeting:{meeting.uid}",
            public_only=True,
        )
    return {"id": snapshot.pk, "name": snapshot.name}


def reporting_periods_follow(*, body, actor) -> None:
    """Re-derive the agreement's reporting periods after a meeting of ``body`` was planned,
    moved to another day or cancelled: by default each period runs up to a meeting of the
    city–VDAB steering group. Meetings of the political steering group and of working groups
    do not set periods.

    A direct call, like the pack's snapshot above, rather than a signal: the rule stays visible
    where meetings change, and it runs inside the meeting's transaction, so a failure in the
    results app leaves neither the meeting change nor the periods half done."""
    from lokaalwerk.results.services import reporting_periods_sync

    if body.kind != BodyKind.OPERATIONAL_STEERING_GROUP:
        return
    reporting_periods_sync(agreement=body.agreement, actor=actor)


def _pack_area(meeting):
    """The agreement's municipality as the indicators app knows it, else its default area."""
    from lokaalwerk.geography.models import Area, AreaKind
    from lokaalwerk.indicators.selectors import dashboard_areas

    codes = list(meeting.body.agreement.municipalities.values_list("nis_code", flat=True))
    area = Area.objects.filter(kind=AreaKind.MUNICIPALITY, code__in=codes).order_by("-pk").first()
    return (
        area or dashboard_areas().filter(kind=AreaKind.GROUP).first() or dashboard_areas().first()
    )


def indicator_series_for_pack(meeting) -> list[dict[str, Any]]:
    """Charts of the indicators linked on the agenda (for the agreement's municipality) and of
    those linked to the actions on the agenda, with the figures known at the meeting's date.

    Each chart is kept as the indicators app renders it (SVG with its data table) and as plain
    points for the PDF."""
    from django.template.loader import render_to_string

    from lokaalwerk.indicators.selectors import indicator_series_for_actions, series_for

    items = list(meeting.agenda_items.select_related("indicator", "action"))
    indicators = list(dict.fromkeys(i.indicator for i in items if i.indicator_id))
    series = []
    area = _pack_area(meeting) if indicators else None
    if area is not None:
        series = series_for(
            area=area,
            indicators=indicators,
            end=timezone.localtime(meeting.starts_at).date(),
            with_comparisons=False,
            with_breakdowns=False,
        )
    actions = [i.action for i in items if i.action_id]
    seen = {(s.indicator.pk, s.area.pk) for s in series}
    for extra in indicator_series_for_actions(actions=actions):
        if (extra.indicator.pk, extra.area.pk) not in seen:
            seen.add((extra.indicator.pk, extra.area.pk))
            series.append(extra)
    day = timezone.localtime(meeting.starts_at).date()
    result = []
    for item in series:
        item.points = [p for p in item.points if p.period <= day][-MAX_POINTS:]
        result.append(
            {
                "code": item.indicator.code,
                "name": str(item.indicator.name),
                "area": item.area.name_nl,
                "points": [
                    [f"{p.period:%Y-%m}", float(p.value) if p.value is not None else None]
                    for p in item.points
                ],
                "html": render_to_string("indicators/_chart.html", {"series": item}),
            }
        )
    return result
