"""Running a joint screening round (actions 1.1 and 1.2 of the agreement).

Every year the city and VDAB screen Mechelen's young people together, looking for those who
"bij scholen van de radar verdwijnen". The partners may not pool raw lists: each uploads tokens
it encoded itself (``lokaalwerk screening-encode``), the platform links them without the key,
each partner gets back which of its own records were found elsewhere, and the steering group
gets counts. The data protection officer approves a round before anything is uploaded;
uploads and result downloads are audited; closing a round deletes the tokens and the results
per record and keeps the counts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from lokaalwerk.accounts.models import Organisation
from lokaalwerk.audit.services import record
from lokaalwerk.core.spreadsheets import csv_bytes

from .constants import RoundStatus
from .linkage import TokenFileError, link, parse_tokens
from .models import ScreeningRound, TokenUpload
from .workflow import can_move


class ScreeningError(ValueError):
    """A request the rules of the screening refuse; nothing was changed."""


def _move(screening_round: ScreeningRound, target: RoundStatus) -> None:
    if not can_move(screening_round.status, target):
        raise ScreeningError(
            f"A round that is {screening_round.get_status_display()} cannot become "
            f"{RoundStatus(target).label}."
        )
    screening_round.status = target


def screening_round_create(
    *,
    actor,
    year: int,
    title: str,
    purpose: str,
    legal_basis: str,
    organisations: Iterable[Organisation],
    opens_on: dt.date,
    closes_on: dt.date,
    steering_group=None,
    source: str = "",
) -> ScreeningRound:
    """Prepare a round: its purpose, legal basis and at least two participating partners."""
    organisations = list(organisations)
    if len(organisations) < 2:
        raise ScreeningError("A joint screening needs at least two participating organisations.")
    if closes_on < opens_on:
        raise ScreeningError("A round closes after it opens.")
    if not purpose.strip() or not legal_basis.strip():
        raise ScreeningError("State the purpose and the legal basis of the round.")
    with transaction.atomic():
        screening_round = ScreeningRound.objects.create(
            year=year,
            title=title,
            purpose=purpose,
            legal_basis=legal_basis,
            opens_on=opens_on,
            closes_on=closes_on,
            steering_group=steering_group,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        screening_round.organisations.set(organisations)
        record(
            actor=actor,
            action="screening_round.created",
            target=screening_round,
            source=source,
            data={"organisations": [o.slug for o in organisations], "year": year},
        )
    return screening_round


def screening_round_approve(
    *, actor, screening_round: ScreeningRound, source: str = ""
) -> ScreeningRound:
    """The data protection officer approves purpose and legal basis; the round opens."""
    with transaction.atomic():
        _move(screening_round, RoundStatus.OPEN)
        screening_round.approved_by = actor
        screening_round.approved_at = timezone.now()
        screening_round.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        record(
            actor=actor, action="screening_round.approved", target=screening_round, source=source
        )
    return screening_round


def _reset_results(screening_round: ScreeningRound) -> None:
    screening_round.uploads.update(found={})
    screening_round.counts = {}
    screening_round.linked_at = None


def _stored_tokens(data: dict) -> dict:
    """Only the fields the linkage reads: whatever else a file carries is never stored."""
    encoding_keys = ("bloom_bits", "ngram", "name_hashes", "date_hashes", "hash", "key_check")
    return {
        "format": data["format"],
        "version": data["version"],
        "encoding": {k: data["encoding"][k] for k in encoding_keys if k in data["encoding"]},
        "records": [
            {"id": r["id"], "insz": r.get("insz"), "clk": r["clk"]} for r in data["records"]
        ],
    }


def tokens_upload(
    *,
    actor,
    screening_round: ScreeningRound,
    organisation: Organisation,
    data,
    source: str = "",
    today: dt.date | None = None,
) -> TokenUpload:
    """Store one partner's token file, replacing its earlier upload; all or nothing.

    Only while the round is open and between its dates, only for a participant, and only a
    file encoded with the same secret as the other partners' files (the key check)."""
    today = today or timezone.localdate()
    if screening_round.status not in (RoundStatus.OPEN, RoundStatus.LINKED):
        raise ScreeningError("This round does not accept uploads.")
    if not screening_round.opens_on <= today <= screening_round.closes_on:
        raise ScreeningError(
            f"Uploads are accepted from {screening_round.opens_on:%d-%m-%Y} "
            f"to {screening_round.closes_on:%d-%m-%Y}."
        )
    if not screening_round.organisations.filter(pk=organisation.pk).exists():
        raise ScreeningError(f"{organisation} does not take part in this round.")
    try:
        tokens = parse_tokens(data)
    except TokenFileError as exc:
        raise ScreeningError(str(exc)) from exc
    others = screening_round.uploads.exclude(organisation=organisation).exclude(key_check="")
    if others.exclude(key_check=tokens.key_check).exists():
        raise ScreeningError(
            "This file was encoded with another secret than the other partners' files."
        )
    with transaction.atomic():
        if screening_round.status == RoundStatus.LINKED:
            _move(screening_round, RoundStatus.OPEN)
            _reset_results(screening_round)
            screening_round.save(update_fields=["status", "counts", "linked_at", "updated_at"])
        upload, created = TokenUpload.objects.update_or_create(
            round=screening_round,
            organisation=organisation,
            defaults={
                "uploaded_by": actor,
                "record_count": len(tokens),
                "with_number_count": sum(1 for token in tokens.insz if token),
                "key_check": tokens.key_check,
                "tokens": _stored_tokens(data),
                "found": {},
                "tokens_deleted_at": None,
            },
        )
        record(
            actor=actor,
            action="screening.tokens_uploaded",
            target=upload,
            source=source,
            data={
                "round": screening_round.pk,
                "organisation": organisation.slug,
                "records": upload.record_count,
                "replaced": not created,
            },
        )
    return upload


def _counts(uploads: list[TokenUpload], pairs: dict[tuple[int, int], int]) -> dict:
    return {
        "lists": [
            {
                "organisation": u.organisation.slug,
                "name": u.organisation.name,
                "records": u.record_count,
                "only_here": sum(1 for r in u.tokens["records"] if not u.found.get(r["id"])),
            }
            for u in uploads
        ],
        "pairs": [
            {
                "a": a.organisation.slug,
                "a_name": a.organisation.name,
                "b": b.organisation.slug,
                "b_name": b.organisation.name,
                "both": pairs[(a.pk, b.pk)],
            }
            for a, b in itertools.combinations(uploads, 2)
        ],
    }


def screening_round_link(
    *, actor, screening_round: ScreeningRound, source: str = ""
) -> ScreeningRound:
    """Link every pair of partners' lists and keep, per record, where else it was found.

    Exact register-number tokens first, then Bloom filters (linkage.py); the counts for the
    steering group are computed from the same result."""
    uploads = list(
        screening_round.uploads.select_related("organisation").filter(tokens_deleted_at=None)
    )
    if len(uploads) < 2:
        raise ScreeningError("At least two partners must upload their lists first.")
    parsed = {u.pk: parse_tokens(u.tokens) for u in uploads}
    found: dict[int, dict[str, list[str]]] = {u.pk: {} for u in uploads}
    pairs: dict[tuple[int, int], int] = {}
    for a, b in itertools.combinations(uploads, 2):
        matches = link(parsed[a.pk], parsed[b.pk])
        pairs[(a.pk, b.pk)] = len(matches)
        for match in matches:
            found[a.pk].setdefault(parsed[a.pk].ids[match.a], []).append(b.organisation.slug)
            found[b.pk].setdefault(parsed[b.pk].ids[match.b], []).append(a.organisation.slug)
    with transaction.atomic():
        _move(screening_round, RoundStatus.LINKED)
        for upload in uploads:
            upload.found = found[upload.pk]
            upload.save(update_fields=["found", "updated_at"])
        screening_round.counts = _counts(uploads, pairs)
        screening_round.linked_at = timezone.now()
        screening_round.save(update_fields=["status", "counts", "linked_at", "updated_at"])
        record(
            actor=actor,
            action="screening_round.linked",
            target=screening_round,
            source=source,
            data={"lists": len(uploads), "pairs": [n for n in pairs.values()]},
        )
    return screening_round


def screening_round_close(
    *, actor, screening_round: ScreeningRound, source: str = ""
) -> ScreeningRound:
    """Close the round: delete every token and every result per record; keep the counts."""
    with transaction.atomic():
        _move(screening_round, RoundStatus.CLOSED)
        now = timezone.now()
        deleted = screening_round.uploads.filter(tokens_deleted_at=None).update(
            tokens={}, found={}, tokens_deleted_at=now
        )
        screening_round.closed_at = now
        screening_round.save(update_fields=["status", "closed_at", "updated_at"])
        record(
            actor=actor,
            action="screening_round.closed",
            target=screening_round,
            source=source,
            data={"token_files_deleted": deleted},
        )
    return screening_round


def screening_rounds_close_due(*, today: dt.date | None = None) -> int:
    """Close every round whose closing date has passed (retention: tokens live no longer)."""
    today = today or timezone.localdate()
    due = ScreeningRound.objects.filter(closes_on__lt=today).exclude(status=RoundStatus.CLOSED)
    closed = 0
    for screening_round in due:
        screening_round_close(actor=None, screening_round=screening_round, source="retention")
        closed += 1
    return closed


def result_rows(upload: TokenUpload) -> list[tuple[str, list[str]]]:
    """The partner's own record ids with the organisations in whose lists each was found."""
    return [(r["id"], upload.found.get(r["id"], [])) for r in upload.tokens.get("records", [])]


def result_read(*, actor, upload: TokenUpload, source: str = "") -> list[tuple[str, list[str]]]:
    """A partner reads its result; reading record-level results is audited."""
    record(
        actor=actor,
        action="screening.result_viewed",
        target=upload,
        source=source,
        data={"round": upload.round_id, "organisation": upload.organisation.slug},
    )
    return result_rows(upload)


def result_export(*, actor, upload: TokenUpload, source: str = "") -> bytes:
    """The partner's result as CSV (record_id, found_elsewhere, found_in); audited."""
    rows = result_rows(upload)
    body = csv_bytes(
        ([record_id, "yes" if where else "no", " ".join(where)] for record_id, where in rows),
        header=["record_id", "found_elsewhere", "found_in"],
    )
    record(
        actor=actor,
        action="screening.result_downloaded",
        target=upload,
        source=source,
        data={"round": upload.round_id, "records": len(rows)},
    )
    return body


def follow_up_start(
    *,
    actor,
    upload: TokenUpload,
    record_id: str,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    receiving_organisation: Organisation,
    reason: str,
    witness: str,
    phone: str = "",
    note: str = "",
    source: str = "",
):
    """Refer a young person whom no other partner knows (action 1.2), with their consent.

    The partner looks the record id up in its own list, asks the young person's consent for
    the joint screening follow-up (given verbally before a witness) and starts a warm handover
    through the referrals module; only then does the platform hold the person's name, in the
    referral, under that consent."""
    from lokaalwerk.referrals.constants import ConsentMethod, ConsentPurpose, DataField
    from lokaalwerk.referrals.services import client_create, consent_record, referral_create

    if upload.round.status == RoundStatus.CLOSED or upload.tokens_deleted_at is not None:
        raise ScreeningError("This round is closed; its results are deleted.")
    known = {rid: where for rid, where in result_rows(upload)}
    if record_id not in known:
        raise ScreeningError(f"{record_id} is not one of your records in this round.")
    if known[record_id]:
        raise ScreeningError(f"{record_id} was found in another partner's list.")
    with transaction.atomic():
        client = client_create(
            actor=actor,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            phone=phone,
            organisation=upload.organisation,
            source=source,
        )
        consent = consent_record(
            actor=actor,
            client=client,
            purpose=ConsentPurpose.JOINT_SCREENING,
            scope=[DataField.NAME, DataField.BIRTH_DATE, DataField.CONTACT, DataField.NOTES],
            method=ConsentMethod.VERBAL,
            witness=witness,
            recipient=receiving_organisation,
            organisation=upload.organisation,
            source=source,
        )
        referral = referral_create(
            actor=actor,
            client=client,
            receiving_organisation=receiving_organisation,
            reason=reason,
            consent=consent,
            note=note,
            sending_organisation=upload.organisation,
            send=True,
            source=source,
        )
        record(
            actor=actor,
            action="screening.follow_up_started",
            target=upload,
            source=source,
            data={"round": upload.round_id, "referral": referral.pk},
        )
    return referral
