"""Writing the catalogue: offers, directory entries, inclusion decisions and vacancies.

Rules from the agreement: partners open their offer to each other (action 2.3); the inclusion
test of principle 8 logs, per target group and offer, whether to open it, keep it closed (with
the reason) or study it; the city keeps the public directory up to date (action 2.1) and owners
are reminded of entries nobody checked for months; VDAB shares social-economy vacancies for the
ten municipalities of the region "consequent en up-to-date" (action 3.1). Bad input is refused
whole with errors tied to fields, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lokaalwerk.accounts import policies
from lokaalwerk.audit.services import record
from lokaalwerk.core.models import ImportJob
from lokaalwerk.core.services import (
    ImportJobError,
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from lokaalwerk.core.uploads import Progress
from lokaalwerk.geography.models import Municipality

from .constants import REGION_NIS_CODES, InclusionStatus, VacancyStatus
from .models import (
    DirectoryEntry,
    InclusionCell,
    InclusionDecision,
    Offer,
    OpeningHours,
    TargetGroup,
    Vacancy,
    VacancyImport,
    VacancySubscription,
)
from .vacancy_files import VacancyRow, read_vacancy_rows


@dataclass(frozen=True)
class HoursSlot:
    weekday: int
    opens: dt.time
    closes: dt.time
    note: str = ""


def hours_validate(slots: list[HoursSlot]) -> None:
    """Opening hours end after they start; a slot that does not is refused."""
    for slot in slots:
        if slot.closes <= slot.opens:
            raise ValidationError(
                {
                    "opening_hours": _("Opening hours must end after they start (%(slot)s).")
                    % {"slot": f"{slot.opens:%H:%M}-{slot.closes:%H:%M}"}
                }
            )


def age_range_validate(age_min: int | None, age_max: int | None) -> None:
    if age_min is not None and age_max is not None and age_min > age_max:
        raise ValidationError(
            {"age_max": _("The maximum age must not be lower than the minimum age.")}
        )


def _replace_hours(*, owner_field: str, owner, slots: list[HoursSlot]) -> None:
    OpeningHours.objects.filter(**{owner_field: owner}).delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(
            **{owner_field: owner},
            weekday=slot.weekday,
            opens=slot.opens,
            closes=slot.closes,
            note=slot.note,
        )
        for slot in slots
    )


OFFER_RELATIONS = ("target_groups", "residence_municipalities", "locations", "languages")


def offer_save(
    *,
    actor,
    values: dict[str, Any],
    relations: dict[str, Any] | None = None,
    hours: list[HoursSlot] | None = None,
    offer: Offer | None = None,
    source: str = "",
) -> Offer:
    """Create or update an offer with its eligibility, locations, languages and hours.

    An inverted age range or hours that end before they start refuse the whole change."""
    age_range_validate(values.get("age_min"), values.get("age_max"))
    if hours is not None:
        hours_validate(hours)
    relations = relations or {}
    with transaction.atomic():
        created = offer is None
        before = {} if created else {name: str(getattr(offer, name)) for name in values}
        offer = offer or Offer()
        for name, value in values.items():
            setattr(offer, name, value)
        offer.full_clean()
        offer.save()
        for name in OFFER_RELATIONS:
            if name in relations:
                getattr(offer, name).set(relations[name])
        if hours is not None:
            _replace_hours(owner_field="offer", owner=offer, slots=hours)
        record(
            actor=actor,
            action="offer.created" if created else "offer.updated",
            target=offer,
            data={"before": before, "after": {k: str(v) for k, v in values.items()}},
            source=source,
        )
    return offer


def directory_entry_save(
    *,
    actor,
    values: dict[str, Any],
    languages=None,
    hours: list[HoursSlot] | None = None,
    entry: DirectoryEntry | None = None,
    source: str = "",
) -> DirectoryEntry:
    """Create or update a public directory entry; saving it counts as checking it today."""
    if hours is not None:
        hours_validate(hours)
    with transaction.atomic():
        created = entry is None
        entry = entry or DirectoryEntry()
        for name, value in values.items():
            setattr(entry, name, value)
        entry.last_checked_on = timezone.localdate()
        entry.stale_flagged_at = None
        entry.full_clean()
        entry.save()
        if languages is not None:
            entry.languages.set(languages)
        if hours is not None:
            _replace_hours(owner_field="entry", owner=entry, slots=hours)
        record(
            actor=actor,
            action="directory_entry.created" if created else "directory_entry.updated",
            target=entry,
            data={k: str(v) for k, v in values.items()},
            source=source,
        )
    return entry


def directory_entry_mark_checked(*, actor, entry: DirectoryEntry, source: str = "") -> None:
    """The owner confirms an entry is still right: the last-checked date becomes today."""
    with transaction.atomic():
        entry.last_checked_on = timezone.localdate()
        entry.stale_flagged_at = None
        entry.save(update_fields=["last_checked_on", "stale_flagged_at", "updated_at"])
        record(actor=actor, action="directory_entry.checked", target=entry, source=source)


def stale_before(today: dt.date | None = None) -> dt.date:
    """Entries last checked before this day are stale (CATALOGUE_STALE_AFTER_MONTHS)."""
    today = today or timezone.localdate()
    months = settings.CATALOGUE_STALE_AFTER_MONTHS
    year, month = divmod(today.month - 1 - months, 12)
    year += today.year
    month += 1
    day = min(today.day, 28)
    return dt.date(year, month, day)


def directory_entries_flag_stale(*, today: dt.date | None = None) -> list[DirectoryEntry]:
    """Action 2.1 keeps the list up to date: flag entries not checked for the configured number
    of months and e-mail their owners once (a new check clears the flag)."""
    cutoff = stale_before(today)
    entries = list(
        DirectoryEntry.objects.filter(
            last_checked_on__lt=cutoff, stale_flagged_at__isnull=True
        ).select_related("owner", "location")
    )
    if not entries:
        return []
    now = timezone.now()
    by_address: dict[str, list[DirectoryEntry]] = {}
    with transaction.atomic():
        for entry in entries:
            entry.stale_flagged_at = now
            if entry.owner_email:
                by_address.setdefault(entry.owner_email, []).append(entry)
            record(
                actor=None,
                action="directory_entry.flagged_stale",
                target=entry,
                data={"last_checked_on": entry.last_checked_on.isoformat()},
            )
        DirectoryEntry.objects.bulk_update(entries, ["stale_flagged_at"])

        def _send():
            for address, owned in by_address.items():
                body = render_to_string(
                    "catalogue/email/stale_entries.txt",
                    {"entries": owned, "months": settings.CATALOGUE_STALE_AFTER_MONTHS},
                )
                send_mail(
                    _("Please check your entries in the public directory"),
                    body,
                    None,
                    [address],
                )

        transaction.on_commit(_send)
    return entries


def inclusion_decide(
    *,
    actor,
    offer: Offer,
    target_group: TargetGroup,
    status: str,
    reason: str,
    barrier: str | None = None,
    source: str = "",
) -> InclusionDecision:
    """Principle 8: log a decision for one cell of the inclusion test.

    Opening the offer adds the group to the offer's target groups; keeping it closed needs a
    reason like every other decision, so the steering group can read why."""
    if status not in InclusionStatus.values:
        raise ValidationError({"status": _("Choose open, keep closed or under study.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    with transaction.atomic():
        cell, _created = InclusionCell.objects.get_or_create(offer=offer, target_group=target_group)
        if barrier is not None:
            cell.barrier = barrier
        cell.status = status
        cell.save()
        decision = InclusionDecision.objects.create(
            cell=cell,
            status=status,
            reason=reason.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        if status == InclusionStatus.OPEN:
            offer.target_groups.add(target_group)
        record(
            actor=actor,
            action="inclusion.decided",
            target=cell,
            data={"status": status, "reason": reason.strip()},
            source=source,
        )
    return decision


# --- Vacancies ------------------------------------------------------------------------------


@dataclass
class RowReport:
    line: int
    reference: str
    outcome: str  # "create", "update" or "error"
    errors: list[str] = field(default_factory=list)


@dataclass
class VacancyImportReport:
    rows: list[RowReport]
    dry_run: bool
    batch: VacancyImport | None = None

    @property
    def ok(self) -> bool:
        return not any(row.errors for row in self.rows) and bool(self.rows)

    @property
    def created(self) -> int:
        return sum(row.outcome == "create" for row in self.rows)

    @property
    def updated(self) -> int:
        return sum(row.outcome == "update" for row in self.rows)

    @property
    def error_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.errors]

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data, kept by a background import for its progress page."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "rows": [vars(row) for row in self.rows],
            "batch": self.batch.pk if self.batch else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VacancyImportReport:
        rows = [RowReport(**row) for row in data.get("rows", [])]
        batch = VacancyImport.objects.filter(pk=data.get("batch")).first()
        return cls(rows=rows, dry_run=data.get("dry_run", False), batch=batch)


class VacancyImportError(Exception):
    """The file cannot be read at all (not CSV/XLSX, missing columns)."""


def region_municipalities() -> dict[str, Municipality]:
    """The ten municipalities of the region, by NIS code and by lower-case Dutch name."""
    found: dict[str, Municipality] = {}
    for municipality in Municipality.objects.filter(nis_code__in=REGION_NIS_CODES):
        found[municipality.nis_code] = municipality
        found[municipality.name_nl.lower()] = municipality
    return found


def _check_row(row: VacancyRow, municipalities: dict[str, Municipality]) -> list[str]:
    errors = list(row.errors)
    if row.municipality and row.municipality.lower() not in municipalities:
        errors.append(
            _("Unknown municipality “%(value)s”: use one of the ten of the region.")
            % {"value": row.municipality}
        )
    if row.posted_on and row.expires_on and row.expires_on < row.posted_on:
        errors.append(_("The expiry date lies before the posting date."))
    return errors


VACANCY_IMPORT_FIELDS = [
    "employer",
    "municipality",
    "title",
    "description",
    "hours_per_week",
    "indication_required",
    "conditions",
    "posted_on",
    "expires_on",
    "status",
    "source_import",
    "expired_flagged_at",
    "updated_at",
]


def vacancies_import(
    *,
    actor,
    file_name: str,
    data,
    dry_run: bool,
    source: str = "",
    progress: Progress | None = None,
) -> VacancyImportReport:
    """Action 3.1: load VDAB's list of social-economy vacancies, all or nothing.

    Rows are matched on their reference: known ones are updated, new ones created. One bad row
    refuses the whole file; the report says which row and why. A dry run writes nothing.
    ``data`` is the file's bytes or the file itself, read as it is parsed; ``progress`` hears
    how many rows were read."""
    rows = read_vacancy_rows(file_name, data, progress=progress)
    municipalities = region_municipalities()
    known = set(
        Vacancy.objects.filter(
            reference__in=[r.reference for r in rows if r.reference]
        ).values_list("reference", flat=True)
    )
    seen: set[str] = set()
    reports = []
    for row in rows:
        errors = _check_row(row, municipalities)
        if row.reference in seen:
            errors.append(_("The reference %(ref)s appears twice.") % {"ref": row.reference})
        seen.add(row.reference)
        outcome = "error" if errors else ("update" if row.reference in known else "create")
        reports.append(RowReport(row.line, row.reference, outcome, errors))
    report = VacancyImportReport(rows=reports, dry_run=dry_run)
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        batch = VacancyImport.objects.create(
            file_name=file_name[:255],
            imported_by=actor,
            imported_at=timezone.now(),
            created_count=report.created,
            updated_count=report.updated,
        )
        existing = {v.reference: v for v in Vacancy.objects.filter(reference__in=known)}
        fresh, changed = [], []
        for row in rows:
            vacancy = existing.get(row.reference) or Vacancy(reference=row.reference)
            vacancy.employer = row.employer
            vacancy.municipality = municipalities[row.municipality.lower()]
            vacancy.title = row.title
            vacancy.description = row.description
            vacancy.hours_per_week = row.hours_per_week
            vacancy.indication_required = row.indication_required
            vacancy.conditions = row.conditions
            vacancy.posted_on = row.posted_on
            vacancy.expires_on = row.expires_on
            vacancy.status = row.status
            vacancy.source_import = batch
            vacancy.expired_flagged_at = None
            vacancy.updated_at = batch.imported_at
            (changed if vacancy.pk else fresh).append(vacancy)
        Vacancy.objects.bulk_create(fresh, batch_size=500)
        Vacancy.objects.bulk_update(changed, VACANCY_IMPORT_FIELDS, batch_size=500)
        record(
            actor=actor,
            action="vacancies.imported",
            target=batch,
            data={"created": report.created, "updated": report.updated},
            source=source,
        )
    report.batch = batch
    return report


VACANCY_IMPORT_JOB = "vacancies"


def vacancies_import_job_start(*, actor, upload, dry_run: bool, source: str = "") -> ImportJob:
    """Hand a large vacancy list to the task worker (docs/adr/0091): the file is kept and the
    same ``vacancies_import`` reads it there, while a progress page follows it."""
    from .tasks import vacancies_import_job

    job = import_job_create(
        actor=actor,
        kind=VACANCY_IMPORT_JOB,
        upload=upload,
        options={"dry_run": dry_run, "source": source},
    )
    vacancies_import_job.enqueue(str(job.pk))
    return job


def vacancies_import_job_confirm(*, job: ImportJob) -> ImportJob:
    """Import for real a large list whose dry run went well, from the kept file."""
    from .tasks import vacancies_import_job

    job = import_job_confirm(job=job)
    vacancies_import_job.enqueue(str(job.pk))
    return job


def vacancies_import_job_run(*, job_id: str) -> str:
    """The worker's side of a large vacancy import; returns the job's final state."""
    return import_job_run(job_id=job_id, work=_vacancies_import_work)


def _vacancies_import_work(job: ImportJob, handle, progress) -> dict[str, Any]:
    try:
        report = vacancies_import(
            actor=job.created_by,
            file_name=job.filename,
            data=handle,
            dry_run=job.dry_run,
            source=job.options.get("source", ""),
            progress=progress,
        )
    except VacancyImportError as exc:
        raise ImportJobError([str(exc)]) from exc
    if not report.ok:
        reason = ngettext(
            "%(count)d row has errors; nothing was imported.",
            "%(count)d rows have errors; nothing was imported.",
            len(report.error_rows),
        ) % {"count": len(report.error_rows)}
        raise ImportJobError([reason], result=report.as_dict())
    return report.as_dict()


def vacancies_flag_expired(*, today: dt.date | None = None) -> int:
    """Open vacancies past their expiry date are flagged; the lists no longer show them."""
    today = today or timezone.localdate()
    expired = Vacancy.objects.filter(
        status=VacancyStatus.OPEN, expires_on__lt=today, expired_flagged_at__isnull=True
    )
    with transaction.atomic():
        count = expired.update(expired_flagged_at=timezone.now())
        if count:
            record(actor=None, action="vacancies.flagged_expired", data={"count": count})
    return count


def vacancy_subscription_set(
    *, user, municipalities, is_active: bool = True, source: str = ""
) -> VacancySubscription:
    """A worker subscribes to (or stops) the weekly digest, for some or all municipalities."""
    allowed = set(REGION_NIS_CODES)
    if any(m.nis_code not in allowed for m in municipalities):
        raise ValidationError({"municipalities": _("Choose municipalities of the region only.")})
    with transaction.atomic():
        subscription, _created = VacancySubscription.objects.update_or_create(
            user=user, defaults={"is_active": is_active}
        )
        subscription.municipalities.set(municipalities)
        record(
            actor=user,
            action="vacancy_subscription.updated",
            target=subscription,
            data={"active": is_active, "municipalities": [m.nis_code for m in municipalities]},
            source=source,
        )
    return subscription


def vacancy_digest_send(*, today: dt.date | None = None) -> int:
    """Action 3.1: each week, subscribed workers receive the open vacancies of their
    municipalities; new ones since the previous digest come first. Returns mails sent."""
    from .selectors import vacancies_open

    today = today or timezone.localdate()
    subscriptions = list(
        VacancySubscription.objects.filter(is_active=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("municipalities")
    )
    if not subscriptions:
        return 0
    open_vacancies = list(vacancies_open(today=today).select_related("municipality"))
    now = timezone.now()
    messages = []
    for subscription in subscriptions:
        chosen = {m.pk for m in subscription.municipalities.all()}
        # Each worker receives only the vacancies of their own local governments.
        visible = set(policies.vacancies_visible_to(subscription.user).values_list("pk", flat=True))
        mine = [
            v
            for v in open_vacancies
            if v.pk in visible and (not chosen or v.municipality_id in chosen)
        ]
        if not mine:
            continue
        since = subscription.last_sent_at
        new = [v for v in mine if since is None or v.created_at > since]
        body = render_to_string(
            "catalogue/email/vacancy_digest.txt",
            {"user": subscription.user, "new": new, "vacancies": mine, "today": today},
        )
        messages.append((subscription, body))
    with transaction.atomic():
        for subscription, _body in messages:
            subscription.last_sent_at = now
        VacancySubscription.objects.bulk_update([s for s, _b in messages], ["last_sent_at"])

        def _send():
            for subscription, body in messages:
                send_mail(
                    _("Open social-economy vacancies this week"),
                    body,
                    None,
                    [subscription.user.email],
                )

        transaction.on_commit(_send)
    return len(messages)
