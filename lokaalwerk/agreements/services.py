"""Writing agreements: loading a recognised structure (from the importer or the demo file).

Rules from the agreement itself: an agreement has parties with signatories, ambitions (Part I),
principles (Part II), themes with action domains and actions (Part III) and bodies (Part IV).
Importing the same agreement again updates it in place and duplicates nothing; a structure that
does not hold together is refused whole, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from lokaalwerk.accounts import policies
from lokaalwerk.accounts.constants import OrganisationKind
from lokaalwerk.accounts.models import Organisation
from lokaalwerk.audit.services import record
from lokaalwerk.geography.models import Municipality
from lokaalwerk.governance.constants import BodyKind, MemberRole
from lokaalwerk.governance.models import Body, BodyMember

from .constants import AgreementStatus, ImportStatus
from .importer import AgreementImportError
from .models import (
    Action,
    ActionDomain,
    ActionItem,
    Agreement,
    AgreementImport,
    Ambition,
    Commitment,
    Party,
    PlanChange,
    Principle,
    Signatory,
    Theme,
)

EMPLOYMENT_SERVICE_PATTERN = re.compile(r"\bVDAB\b|Arbeidsbemiddeling", re.IGNORECASE)
LOCAL_GOVERNMENT_PATTERN = re.compile(r"^\s*(stad|gemeente|lokaal bestuur)\s+(.+)$", re.IGNORECASE)


@dataclass
class ImportResult:
    agreement: Agreement
    created: bool
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Changes:
    """Collects what an import created or changed, in words a coordinator reads."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def track(self, obj, created: bool, label: str, before: dict[str, Any] | None = None) -> None:
        if created:
            self.lines.append(f"added {label}")
        elif before:
            changed = [name for name, value in before.items() if getattr(obj, name) != value]
            if changed:
                self.lines.append(f"changed {label}: {', '.join(sorted(changed))}")


def _upsert(model, lookup: dict[str, Any], values: dict[str, Any], changes: _Changes, label: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        changes.track(obj, True, label)
        return obj
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    if any(before[name] != values[name] for name in values):
        obj.save()
    changes.track(obj, False, label, before)
    return obj


def _parse_date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise AgreementImportError(f"{name} is not a date: {value!r}.") from exc


def _validate(structure: dict[str, Any]) -> tuple[dt.date, dt.date]:
    for key in ("title", "start_date", "end_date", "parties", "themes"):
        if not structure.get(key):
            raise AgreementImportError(f"The agreement has no {key.replace('_', ' ')}.")
    start = _parse_date(structure["start_date"], "The start date")
    end = _parse_date(structure["end_date"], "The end date")
    if end < start:
        raise AgreementImportError(f"The agreement ends ({end}) before it starts ({start}).")
    seen: set[str] = set()
    for theme in structure["themes"]:
        for domain in theme.get("domains", []):
            for action in domain.get("actions", []):
                code = str(action["code"])
                if code in seen:
                    raise AgreementImportError(f"Action {code} appears twice.")
                if code.split(".")[0] != str(domain["number"]):
                    raise AgreementImportError(
                        f"Action {code} stands under action domain {domain['number']}."
                    )
                seen.add(code)
    if not seen:
        raise AgreementImportError("The agreement has no actions.")
    return start, end


def _status_for(start: dt.date, end: dt.date, today: dt.date) -> str:
    if today > end:
        return AgreementStatus.ENDED
    if today >= start:
        return AgreementStatus.ACTIVE
    return AgreementStatus.DRAFT


def _guess_kind(name: str) -> str:
    if EMPLOYMENT_SERVICE_PATTERN.search(name):
        return OrganisationKind.EMPLOYMENT_SERVICE
    if LOCAL_GOVERNMENT_PATTERN.match(name):
        return OrganisationKind.LOCAL_GOVERNMENT
    return OrganisationKind.PARTNER


def _short_name(name: str) -> str:
    """ "Vlaamse Dienst ... (VDAB)" is known as "VDAB"."""
    match = re.search(r"\(([^()]+)\)\s*$", name)
    return match.group(1).strip() if match else name.strip()


def _organisation_for(name: str, address: str, changes: _Changes) -> Organisation:
    short = _short_name(name)
    found = (
        Organisation.objects.filter(name__iexact=short).first()
        or Organisation.objects.filter(legal_name__iexact=name).first()
        or Organisation.objects.filter(name__iexact=name).first()
    )
    if found:
        return found
    legal = re.sub(r"\s*\([^()]+\)\s*$", "", name).strip() if short != name else ""
    return _upsert(
        Organisation,
        {"slug": slugify(short)[:80] or "organisation"},
        {"name": short, "legal_name": legal, "kind": _guess_kind(name), "address": address},
        changes,
        f"organisation {short}",
    )


def _load_organisations(items: list[dict[str, Any]], changes: _Changes) -> dict[str, Organisation]:
    """The demo file names its organisations with keys; parents are set after all exist."""
    by_key: dict[str, Organisation] = {}
    for item in items:
        by_key[item["key"]] = _upsert(
            Organisation,
            {"slug": item["key"]},
            {
                "name": item["name"],
                "legal_name": item.get("legal_name") or "",
                "kind": item["kind"],
                "address": item.get("address") or "",
            },
            changes,
            f"organisation {item['name']}",
        )
    for item in items:
        parent = by_key.get(item["parent"]) if item.get("parent") else None
        org = by_key[item["key"]]
        if org.parent_id != (parent.pk if parent else None):
            org.parent = parent
            org.save(update_fields=["parent"])
    return by_key


def _local_party(parties: dict[str, Party]) -> Organisation | None:
    """The local government that signs the agreement (for a cluster, the one that signs for
    it): the first party of the kind local government."""
    for party in parties.values():
        if party.organisation.kind == OrganisationKind.LOCAL_GOVERNMENT:
            return party.organisation
    return None


def _scope_organisations(
    items: list[dict[str, Any]],
    keys: dict[str, Organisation],
    parties: dict[str, Party],
    local: Organisation | None,
    changes: _Changes,
) -> None:
    """Place each organisation in the local government it works in: a local government in
    itself, a department or team in the one its parent works in, a partner named in the
    agreement in the agreement's local government. An employment service without a parent
    (VDAB's head office) and its units stay regional unless the file names
    ``local_government``. An organisation already placed keeps its place: a partner working
    in two local governments is two organisations, or a regional one."""
    wanted: dict[int, int | None] = {}
    named = {item["key"]: item.get("local_government") for item in items}
    orgs = list(keys.values()) + [p.organisation for p in parties.values()]
    if local is not None:
        orgs.append(local)
    by_pk = {org.pk: org for org in orgs}

    def scope_of(org, seen=()):
        if org.kind == OrganisationKind.LOCAL_GOVERNMENT:
            return org.pk
        if org.local_government_id:
            return org.local_government_id
        if named.get(org.slug) and named[org.slug] in keys:
            return keys[named[org.slug]].pk
        if org.parent_id and org.pk not in seen:
            parent = by_pk.get(org.parent_id) or org.parent
            return scope_of(parent, (*seen, org.pk))
        if org.kind == OrganisationKind.EMPLOYMENT_SERVICE:
            return None
        return local.pk if local is not None else None

    for org in by_pk.values():
        wanted[org.pk] = scope_of(org)
    for pk, scope in wanted.items():
        org = by_pk[pk]
        if org.local_government_id is None and scope is not None:
            org.local_government_id = scope
            org.save(update_fields=["local_government"])
            changes.lines.append(f"placed organisation {org.name} in its local government")


def _agreement_slug(structure: dict[str, Any], start: dt.date, end: dt.date) -> str:
    """One agreement per local government and period, whatever file it came from."""
    local = next(
        (
            p["name"]
            for p in structure["parties"]
            if not EMPLOYMENT_SERVICE_PATTERN.search(p["name"])
        ),
        structure["title"],
    )
    return slugify(f"{_short_name(local)} {start.year}-{end.year}")[:120]


def _municipalities(structure, parties: list[Party], start: dt.date) -> list[Municipality]:
    codes = structure.get("municipalities")
    if codes:
        found = list(Municipality.objects.filter(nis_code__in=codes))
        missing = set(codes) - {m.nis_code for m in found}
        if missing:
            raise AgreementImportError(f"Unknown NIS codes: {', '.join(sorted(missing))}.")
        return found
    names = []
    for party in parties:
        match = LOCAL_GOVERNMENT_PATTERN.match(party.name)
        if match:
            names.append(match.group(2).strip())
    return list(Municipality.objects.valid_on(start).filter(name_nl__in=names))


def _resolve(ref: str | None, keys: dict[str, Organisation], parties: dict[str, Party]):
    if not ref:
        return None
    if ref in keys:
        return keys[ref]
    if ref in parties:
        return parties[ref].organisation
    short = _short_name(ref)
    for name, party in parties.items():
        if _short_name(name).lower() == short.lower():
            return party.organisation
    return Organisation.objects.filter(name__iexact=short).first()


def _load_parties(agreement, structure, keys, changes) -> dict[str, Party]:
    parties: dict[str, Party] = {}
    for order, item in enumerate(structure["parties"]):
        org = keys.get(item.get("organisation") or "") or _organisation_for(
            item["name"], item.get("address", ""), changes
        )
        party = _upsert(
            Party,
            {"agreement": agreement, "organisation": org},
            {"name": item["name"], "address": item.get("address", ""), "order": order},
            changes,
            f"party {item['name']}",
        )
        wanted = [(s["name"], s.get("function", "")) for s in item.get("signatories", [])]
        current = [(s.name, s.function) for s in party.signatories.all()]
        if wanted != current:
            party.signatories.all().delete()
            Signatory.objects.bulk_create(
                Signatory(party=party, name=name, function=function, order=i)
                for i, (name, function) in enumerate(wanted)
            )
            changes.lines.append(f"set signatories of {item['name']}")
        parties[item["name"]] = party
    return parties


def _load_numbered(model, agreement, items, values_for, label, changes) -> None:
    for number, item in enumerate(items, start=1):
        _upsert(
            model,
            {"agreement": agreement, "number": number},
            values_for(item),
            changes,
            f"{label} {number}",
        )
    model.objects.filter(agreement=agreement, number__gt=len(items)).delete()


def _load_plan(agreement, structure, keys, parties, changes, warnings) -> dict[str, Action]:
    actions: dict[str, Action] = {}
    for theme_number, theme_item in enumerate(structure["themes"], start=1):
        theme = _upsert(
            Theme,
            {"agreement": agreement, "number": theme_number},
            {"title": theme_item["title"]},
            changes,
            f"theme {theme_number}",
        )
        for domain_item in theme_item.get("domains", []):
            number = int(domain_item["number"])
            domain = _upsert(
                ActionDomain,
                {"agreement": agreement, "number": number},
                {"title": domain_item["title"], "theme": theme},
                changes,
                f"action domain {number}",
            )
            for action_item in domain_item.get("actions", []):
                actions[action_item["code"]] = _load_action(
                    agreement, domain, action_item, keys, parties, changes, warnings
                )
    Theme.objects.filter(agreement=agreement, number__gt=len(structure["themes"])).exclude(
        domains__actions__isnull=False
    ).delete()
    for stale in agreement.actions.exclude(code__in=list(actions)):
        warnings.append(f"Action {stale.code} is not in the file; it was kept.")
    return actions


def _load_action(agreement, domain, item, keys, parties, changes, warnings) -> Action:
    code = str(item["code"])
    values = {"domain": domain, "title": item["title"]}
    if item.get("description"):
        values["description"] = item["description"]
    if item.get("description_en"):
        values["description_en"] = item["description_en"]
    lead = _resolve(item.get("lead"), keys, parties)
    if lead is not None:
        values["lead_organisation"] = lead
    action = _upsert(
        Action, {"agreement": agreement, "code": code}, values, changes, f"action {code}"
    )
    codes = []
    for order, sub in enumerate(item.get("subitems", [])):
        codes.append(sub["code"])
        _upsert(
            ActionItem,
            {"action": action, "code": sub["code"]},
            {"title": sub["title"], "description": sub.get("description", ""), "order": order},
            changes,
            f"sub-item {sub['code']}",
        )
    action.items.exclude(code__in=codes).delete()
    for commitment in item.get("commitments", []):
        org = _resolve(commitment["organisation"], keys, parties)
        if org is None:
            warnings.append(f"Action {code}: unknown partner {commitment['organisation']!r}.")
            continue
        _upsert(
            Commitment,
            {"action": action, "organisation": org},
            {"text": commitment["text"]},
            changes,
            f"commitment of {org} to {code}",
        )
    return action


def _body_items(structure) -> list[dict[str, Any]]:
    items = [dict(b) for b in structure.get("bodies", [])]
    for group in structure.get("working_groups", []):
        if isinstance(group, str):
            items.append({"name": f"Werkgroep {group}", "kind": BodyKind.WORKING_GROUP})
        else:
            items.append({**group, "kind": group.get("kind", BodyKind.WORKING_GROUP)})
    return items


def _load_bodies(agreement, structure, keys, parties, actions, changes, warnings) -> None:
    by_key: dict[str, Body] = {}
    items = _body_items(structure)
    for item in items:
        convenor = _resolve(item.get("convenor"), keys, parties)
        body = _upsert(
            Body,
            {"agreement": agreement, "name": item["name"]},
            {
                "kind": item["kind"],
                "convenor": convenor,
                "min_meetings_per_year": int(item.get("min_meetings_per_year") or 0),
                "description": item.get("description", "") or "",
            },
            changes,
            f"body {item['name']}",
        )
        by_key[item.get("key") or item["name"]] = body
        for member in item.get("members", []):
            org = _resolve(member.get("organisation"), keys, parties)
            if org is None:
                raise AgreementImportError(
                    f"{item['name']}: member {member['name']} has no known organisation."
                )
            _upsert(
                BodyMember,
                {"body": body, "person_name": member["name"], "organisation": org},
                {
                    "function": member.get("function", ""),
                    "role": member.get("role") or MemberRole.MEMBER,
                },
                changes,
                f"member {member['name']} of {item['name']}",
            )
        if item.get("actions"):
            body.actions.set([actions[c] for c in item["actions"] if c in actions])
    for item in items:
        if item.get("reports_to") and item["reports_to"] in by_key:
            body = by_key[item.get("key") or item["name"]]
            body.reports_to = by_key[item["reports_to"]]
            body.save(update_fields=["reports_to"])


def _refuse_foreign(actor, existing: Agreement | None) -> None:
    """Nobody updates the agreement of a local government they do not work in."""
    if (
        existing is not None
        and actor is not None
        and not policies.can_view_agreement(actor, existing)
    ):
        raise AgreementImportError(gettext("This agreement belongs to another local government."))


def agreement_import(
    *, structure: dict[str, Any], actor=None, source: str = "", today: dt.date | None = None
) -> ImportResult:
    """Create or update an agreement from a recognised structure, all or nothing.

    The agreement is identified by its local government and period, so importing the council's
    text after the demo file updates the same agreement. Actions missing from the file are kept
    (they may carry progress) and reported as warnings."""
    start, end = _validate(structure)
    today = today or timezone.localdate()
    changes, warnings = _Changes(), list(structure.get("warnings", []))
    with transaction.atomic():
        keys = _load_organisations(structure.get("organisations", []), changes)
        slug = _agreement_slug(structure, start, end)
        existing = Agreement.objects.filter(slug=slug).first()
        _refuse_foreign(actor, existing)
        values = {
            "title": structure["title"],
            "start_date": start,
            "end_date": end,
            "council_decision_date": _parse_date(
                structure["council_decision_date"], "The council decision date"
            )
            if structure.get("council_decision_date")
            else None,
            "council_agenda_item": structure.get("council_agenda_item") or "",
        }
        if existing is None or existing.status != AgreementStatus.TERMINATED:
            values["status"] = _status_for(start, end, today)
        agreement = _upsert(Agreement, {"slug": slug}, values, changes, "agreement")
        parties = _load_parties(agreement, structure, keys, changes)
        local = _local_party(parties)
        _scope_organisations(structure.get("organisations", []), keys, parties, local, changes)
        if local is not None and agreement.local_government_id != local.pk:
            agreement.local_government = local
            agreement.save(update_fields=["local_government"])
            changes.lines.append(f"set local government {local.name}")
        municipalities = _municipalities(structure, list(parties.values()), start)
        if not municipalities:
            warnings.append("No municipality could be linked to the agreement.")
        agreement.municipalities.set(municipalities)
        _load_numbered(
            Ambition,
            agreement,
            structure.get("ambitions", []),
            lambda item: {"title": item},
            "ambition",
            changes,
        )
        _load_numbered(
            Principle,
            agreement,
            structure.get("principles", []),
            lambda item: (
                {"title": item.get("title", ""), "text": item["description"]}
                if isinstance(item, dict)
                else {"title": "", "text": item}
            ),
            "principle",
            changes,
        )
        actions = _load_plan(agreement, structure, keys, parties, changes, warnings)
        _load_bodies(agreement, structure, keys, parties, actions, changes, warnings)
        record(
            actor=actor,
            action="agreement.imported",
            target=agreement,
            source=source,
            data={"created": existing is None, "changes": len(changes.lines)},
        )
    return ImportResult(agreement, existing is None, changes.lines, warnings)


def agreement_import_prepare(*, actor, filename: str, data: bytes) -> AgreementImport:
    """Recognise an uploaded text or PDF and keep the result for the coordinator to confirm."""
    from .importer import parse_agreement, read_source

    structure = parse_agreement(read_source(data, filename))
    _validate(structure)
    return AgreementImport.objects.create(created_by=actor, filename=filename, structure=structure)


def agreement_import_confirm(*, actor, pending: AgreementImport, source: str = "") -> ImportResult:
    """Write a recognised upload; only the person who uploaded it confirms it, once."""
    if pending.status != ImportStatus.PENDING:
        raise AgreementImportError("This upload was already handled.")
    with transaction.atomic():
        result = agreement_import(structure=pending.structure, actor=actor, source=source)
        pending.status = ImportStatus.APPLIED
        pending.agreement = result.agreement
        pending.save(update_fields=["status", "agreement", "updated_at"])
    return result


ACTION_EDITABLE_FIELDS = ("title", "description", "description_en", "lead_organisation")


def plan_change_record(
    *,
    agreement: Agreement,
    actor,
    kind: str,
    summary: str,
    action: Action | None = None,
    changes: dict[str, list[Any]] | None = None,
    target=None,
) -> PlanChange:
    """Record one change to the plan or its progress (Part III: visible results; principle 9).

    ``changes`` maps a field to ``[before, after]`` in JSON-safe values. Call it inside the
    transaction that makes the change."""
    return PlanChange.objects.create(
        agreement=agreement,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        summary=summary[:300],
        changes=changes or {},
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
    )


def _json_safe(value: Any) -> Any:
    if hasattr(value, "pk"):
        return str(value)
    return value


def action_update(*, actor, action: Action, source: str = "", **values: Any) -> PlanChange | None:
    """Change an action's title, description or lead and record it in the plan's history.

    Returns the recorded change, or None when nothing changed."""
    unknown = set(values) - set(ACTION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    before = {name: getattr(action, name) for name in values}
    changed = {
        n: [_json_safe(before[n]), _json_safe(v)] for n, v in values.items() if before[n] != v
    }
    if not changed:
        return None
    with transaction.atomic():
        for name, value in values.items():
            setattr(action, name, value)
        action.save()
        change = plan_change_record(
            agreement=action.agreement,
            actor=actor,
            kind="action.updated",
            summary=f"{action.code}: {', '.join(sorted(changed))} changed",
            action=action,
            changes=changed,
            target=action,
        )
        record(
            actor=actor,
            action="action.updated",
            target=action,
            source=source,
            data={"changes": changed},
        )
    return change
