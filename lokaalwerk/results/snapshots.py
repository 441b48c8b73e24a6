"""Freezing the plan with its latest progress, and comparing two frozen copies.

"What changed since the last meeting": the steering group compares the snapshot made for its
previous meeting with today's.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lokaalwerk.agreements.models import Agreement

from .models import Milestone, Snapshot
from .rollup import rollup_compute
from .selectors import latest_update_by_action

#: Fields of an action compared between two snapshots, with their labels.
COMPARED_FIELDS = {
    "title": gettext_lazy("title"),
    "lead": gettext_lazy("lead organisation"),
    "status_label": gettext_lazy("status"),
    "progress": gettext_lazy("progress"),
    "period": gettext_lazy("period"),
    "milestones": gettext_lazy("milestones"),
}


def snapshot_data(*, agreement: Agreement, public_only: bool = False) -> dict:
    """The plan as plain data: actions with status, progress and milestones, and the roll-up."""
    latest = latest_update_by_action(agreement=agreement, public_only=public_only)
    actions = agreement.actions.select_related("domain__theme", "lead_organisation")
    milestones: dict[int, list[dict]] = {}
    for m in Milestone.objects.filter(action__agreement=agreement).order_by("due_date", "pk"):
        milestones.setdefault(m.action_id, []).append(
            {
                "title": m.title,
                "due_date": m.due_date.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else None,
            }
        )
    root = rollup_compute(agreement=agreement, latest=latest)
    data_actions = {}
    for action in actions:
        update = latest.get(action.pk)
        data_actions[action.code] = {
            "title": action.title,
            "domain": action.domain.number,
            "theme": action.domain.theme.number,
            "lead": action.lead_organisation.name if action.lead_organisation else "",
            "status": update.status if update else None,
            "status_label": str(update.get_status_display()) if update else None,
            "progress": update.progress if update else None,
            "period": update.period.label if update else None,
            "update_id": update.pk if update else None,
            "milestones": milestones.get(action.pk, []),
        }
    return {
        "taken_at": timezone.now().isoformat(),
        "public_only": public_only,
        "agreement": {"slug": agreement.slug, "title": agreement.title},
        "actions": data_actions,
        "rollup": {
            "agreement": root.value,
            "themes": {f.label: f.value for f in root.children},
            "domains": {d.label: d.value for t in root.children for d in t.children},
        },
    }


def _milestone_text(items: list[dict]) -> str:
    return "; ".join(
        f"{m['title']} ({m['due_date']}{', ' + _('done') if m.get('done_on') else ''})"
        for m in items
    )


def snapshot_compare(*, older: Snapshot, newer: Snapshot) -> dict:
    """Per action: added, removed or what changed (before and after); and the roll-up change."""
    before, after = older.data.get("actions", {}), newer.data.get("actions", {})
    rows = []
    for code in sorted(set(before) | set(after), key=lambda c: [int(p) for p in c.split(".")]):
        old, new = before.get(code), after.get(code)
        if old is None:
            rows.append({"code": code, "title": new["title"], "kind": "added", "fields": []})
            continue
        if new is None:
            rows.append({"code": code, "title": old["title"], "kind": "removed", "fields": []})
            continue
        fields = []
        for key, label in COMPARED_FIELDS.items():
            a, b = old.get(key), new.get(key)
            if key == "milestones":
                a, b = _milestone_text(a or []), _milestone_text(b or [])
            if a != b:
                fields.append({"field": str(label), "before": a, "after": b})
        if fields:
            rows.append({"code": code, "title": new["title"], "kind": "changed", "fields": fields})
    old_total = older.data.get("rollup", {}).get("agreement")
    new_total = newer.data.get("rollup", {}).get("agreement")
    return {
        "rows": rows,
        "unchanged": len(set(before) & set(after)) - sum(r["kind"] == "changed" for r in rows),
        "total_before": None if old_total is None else round(old_total),
        "total_after": None if new_total is None else round(new_total),
    }
