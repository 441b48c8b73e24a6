"""Writes for clients, consents, referrals and the weekly VDAB pop-up.

Every function is keyword-only, checks who may do it (accounts/policies.py), validates, runs in
one transaction, writes its audit row there, and tells people (in-app inbox and e-mail) only
after the transaction has committed. Bad input raises ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lokaalwerk.accounts import policies
from lokaalwerk.accounts.models import Organisation
from lokaalwerk.audit.services import record

from . import insz, workflow
from .consent_forms import signed_form_kind, stored_name
from .constants import (
    Attendance,
    ConsentMethod,
    ConsentPurpose,
    DataField,
    Outcome,
    Priority,
    ReferralReason,
    ReferralState,
)
from .holidays import add_working_days
from .models import (
    Client,
    ClientRelationship,
    Consent,
    InboxMessage,
    PopUpBooking,
    PopUpSlot,
    Referral,
    ReferralEvent,
)

CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "national_number",
    "email",
    "phone",
    "preferred_language",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _worker_organisation(actor, organisation: Organisation | None) -> Organisation:
    """The organisation on whose behalf the actor works: the one given, or their only one."""
    org_ids = policies.worker_organisation_ids(actor)
    if organisation is not None:
        _require(organisation.pk in org_ids)
        return organisation
    own = [m.organisation for m in actor.memberships.all() if m.organisation_id in org_ids]
    _require(bool(own))
    return own[0]


def _clean_client_values(values: dict, *, instance: Client | None = None) -> dict:
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    for name in ("first_name", "last_name"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    names_given = instance is None or "first_name" in cleaned or "last_name" in cleaned
    if names_given and not cleaned.get("last_name", instance.last_name if instance else ""):
        errors["last_name"] = [_("A last name is needed to refer a client.")]
    number = cleaned.get("national_number")
    if number:
        try:
            cleaned["national_number"] = insz.validate_national_number(number)
            born = cleaned.get("birth_date", instance.birth_date if instance else None)
            insz.validate_matches_birth_date(cleaned["national_number"], born)
        except ValidationError as exc:
            errors["national_number"] = exc.messages
        else:
            duplicate = Client.objects.filter(national_number=cleaned["national_number"])
            if instance is not None:
                duplicate = duplicate.exclude(pk=instance.pk)
            if duplicate.exists():
                errors["national_number"] = [
                    _("A client with this national register number is already registered.")
                ]
    elif "national_number" in cleaned:
        cleaned["national_number"] = ""
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- Clients ---------------------------------------------------------------------------------


def client_create(
    *,
    actor,
    last_name: str,
    first_name: str = "",
    birth_date: dt.date | None = None,
    national_number: str = "",
    email: str = "",
    phone: str = "",
    preferred_language: str = "nl",
    organisation: Organisation | None = None,
    source: str = "",
) -> Client:
    """Register a client for the actor's organisation, which starts serving them."""
    _require(policies.can_record_client(actor))
    organisation = _worker_organisation(actor, organisation)
    values = _clean_client_values(
        {
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth_date,
            "national_number": national_number,
            "email": email,
            "phone": phone,
            "preferred_language": preferred_language,
        }
    )
    with transaction.atomic():
        client = Client.objects.create(created_by=actor, **values)
        ClientRelationship.objects.create(
            client=client, organisation=organisation, started_on=timezone.localdate()
        )
        record(
            actor=actor,
            action="client.created",
            target=client,
            data={"organisation": organisation.pk},
            source=source,
        )
    return client


def client_update(*, actor, client: Client, source: str = "", **changes) -> Client:
    """Rectification (GDPR art. 16): correct the client's data; the audit row keeps which
    fields changed, not their values."""
    _require(policies.can_edit_client(actor, client))
    unknown = set(changes) - set(CLIENT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    values = _clean_client_values(changes, instance=client)
    changed = [name for name, value in values.items() if getattr(client, name) != value]
    if not changed:
        return client
    with transaction.atomic():
        for name in changed:
            setattr(client, name, values[name])
        client.save(update_fields=[*changed, "updated_at"])
        record(
            actor=actor,
            action="client.rectified",
            target=client,
            data={"fields": changed},
            source=source,
        )
    return client


def relationship_end(*, actor, client: Client, organisation: Organisation, source: str = ""):
    """The organisation no longer serves the client; its workers lose sight of the file."""
    _require(organisation.pk in policies.worker_organisation_ids(actor))
    with transaction.atomic():
        ended = ClientRelationship.objects.filter(
            client=client, organisation=organisation, ended_on__isnull=True
        ).update(ended_on=timezone.localdate())
        record(
            actor=actor,
            action="client.relationship_ended",
            target=client,
            data={"organisation": organisation.pk, "ended": ended},
            source=source,
        )


def client_erase(*, actor, client: Client, reason: str, source: str = "") -> Client:
    """Erasure (GDPR art. 17), with a reason. Not while a referral is still open: the partners
    then still owe the client a service, and the law lets them keep what that needs."""
    _require(policies.can_erase_client(actor, client))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the erasure.")]})
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        if client.referrals.filter(state__in=workflow.OPEN_STATES).exists():
            raise ValidationError(
                {"reason": [_("This client still has an open referral; close it first.")]}
            )
        _wipe_client(client)
        client.erased_at = timezone.now()
        client.save()
        client.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        client.relationships.filter(ended_on__isnull=True).update(ended_on=timezone.localdate())
        for referral in client.referrals.all():
            _pseudonymise_referral(referral)
        client.bookings.update(client=None)
        record(
            actor=actor,
            action="client.erased",
            target=client,
            data={"reason": reason},
            source=source,
        )
    return client


def _wipe_client(client: Client) -> None:
    client.first_name = ""
    client.last_name = ""
    client.birth_date = None
    client.national_number = ""
    client.email = ""
    client.phone = ""


def pseudonym(client_id: int) -> str:
    """A stable pseudonym: the same client keeps the same code, which cannot be traced back
    without the secret key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"client:{client_id}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:32]


def _pseudonymise_referral(referral: Referral) -> None:
    if referral.client_id is not None:
        referral.client_pseudonym = pseudonym(referral.client_id)
    referral.client = None
    referral.note = ""
    referral.decline_reason = ""
    referral.outcome_note = ""
    referral.pseudonymised_at = timezone.now()
    referral.save()
    referral.events.update(note="")
    referral.messages.all().delete()


# --- Consent ---------------------------------------------------------------------------------


def _recipient_errors(actor, purpose: str, recipient: Organisation | None) -> list[str]:
    """A referral consent names the partner, which works in the worker's local government."""
    if purpose == ConsentPurpose.REFERRAL and recipient is None:
        return [_("A referral consent names the partner.")]
    if recipient is not None and not policies.can_view_organisation(actor, recipient):
        return [_("Choose an organisation that works in your local government.")]
    return []


def consent_record(
    *,
    actor,
    client: Client,
    purpose: str,
    scope: Iterable[str],
    method: str,
    given_on: dt.date | None = None,
    recipient: Organisation | None = None,
    valid_until: dt.date | None = None,
    witness: str = "",
    signed_form=None,
    organisation: Organisation | None = None,
    source: str = "",
) -> Consent:
    """Record the client's consent for one purpose (principle 7), as a signed form or verbally
    before a witness."""
    _require(policies.can_record_consent(actor, client))
    organisation = _worker_organisation(actor, organisation)
    given_on = given_on or timezone.localdate()
    scope = sorted(set(scope))
    errors: dict[str, list[str]] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = [_("Choose a purpose.")]
    if not scope:
        errors["scope"] = [_("Choose at least one kind of data to share.")]
    elif not set(scope) <= set(DataField.values):
        errors["scope"] = [_("Unknown kind of data.")]
    form_kind = _check_how_given(method, witness, signed_form, errors)
    recipient_errors = _recipient_errors(actor, purpose, recipient)
    if recipient_errors:
        errors["recipient"] = recipient_errors
    if given_on > timezone.localdate():
        errors["given_on"] = [_("A consent cannot be given in the future.")]
    if valid_until and valid_until < given_on:
        errors["valid_until"] = [_("The end date lies before the date it was given.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            client=client,
            purpose=purpose,
            scope=scope,
            method=method,
            given_on=given_on,
            recipient=recipient,
            valid_until=valid_until,
            witness=witness.strip(),
            recorded_by=actor,
            organisation=organisation,
        )
        if signed_form:
            consent.signed_form.save(stored_name(signed_form, form_kind), signed_form, save=True)
        record(
            actor=actor,
            action="consent.recorded",
            target=client,
            data={"consent": consent.pk, "purpose": purpose, "scope": scope},
            source=source,
        )
    return consent


def _check_how_given(method: str, witness: str, signed_form, errors: dict) -> str:
    """A signed form must be a PDF, JPEG or PNG within the size limit; a verbal consent needs
    a witness. Adds to ``errors``; returns the kind of file the form is ("" without one)."""
    form_kind = ""
    if signed_form:
        try:
            form_kind = signed_form_kind(signed_form)
        except ValidationError as exc:
            errors["signed_form"] = exc.messages
    if method == ConsentMethod.SIGNED_FORM and not signed_form:
        errors["signed_form"] = [_("Upload the signed form.")]
    elif method == ConsentMethod.VERBAL and not witness.strip():
        errors["witness"] = [_("Name the witness of a verbal consent.")]
    elif method not in ConsentMethod.values:
        errors["method"] = [_("Choose how the consent was given.")]
    return form_kind


def consent_withdraw(*, actor, consent: Consent, source: str = "") -> Consent:
    """Withdrawal stops further sharing at once: receivers lose sight of the client data,
    referrals still waiting for an answer are withdrawn and coming pop-up bookings made
    under the consent are cancelled (they would tell the pop-up who comes)."""
    _require(policies.can_withdraw_consent(actor, consent))
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            raise ValidationError(_("This consent was already withdrawn."))
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at", "updated_at"])
        pending = consent.referrals.select_for_update().filter(
            state__in=[ReferralState.DRAFT, ReferralState.SENT]
        )
        for referral in pending:
            _apply(referral, ReferralState.WITHDRAWN, actor=actor, note=_("Consent withdrawn."))
        coming = list(
            consent.bookings.filter(
                attendance=Attendance.BOOKED, date__gte=timezone.localdate()
            ).values_list("pk", flat=True)
        )
        PopUpBooking.objects.filter(pk__in=coming).update(
            attendance=Attendance.CANCELLED, updated_at=timezone.now()
        )
        record(
            actor=actor,
            action="consent.withdrawn",
            target=consent.client,
            data={
                "consent": consent.pk,
                "withdrawn_referrals": [r.pk for r in pending],
                "cancelled_bookings": coming,
            },
            source=source,
        )
    return consent


def _consent_covers(consent: Consent, client: Client, receiving: Organisation) -> bool:
    if consent.client_id != client.pk or not consent.is_valid():
        return False
    if consent.purpose not in (ConsentPurpose.REFERRAL, ConsentPurpose.JOINT_SCREENING):
        return False
    return consent.recipient_id is None or consent.recipient_id in receiving.lineage_ids()


def referral_consent_find(*, client: Client, receiving_organisation: Organisation):
    """The newest valid consent that lets this client be referred to this organisation."""
    candidates = Consent.objects.valid().filter(
        client=client,
        purpose__in=[ConsentPurpose.REFERRAL, ConsentPurpose.JOINT_SCREENING],
    )
    for consent in candidates.order_by("-given_on", "-pk"):
        if _consent_covers(consent, client, receiving_organisation):
            return consent
    return None


# --- Referrals -------------------------------------------------------------------------------


def referral_create(
    *,
    actor,
    client: Client,
    receiving_organisation: Organisation,
    reason: str,
    consent: Consent | None = None,
    priority: str = Priority.NORMAL,
    receiving_team: str = "",
    note: str = "",
    sending_organisation: Organisation | None = None,
    send: bool = False,
    source: str = "",
) -> Referral:
    """Start a warm handover of a client to another organisation (principle 6). Needs a valid
    consent for a referral to that organisation (or for joint screening); without it nothing
    is created. With ``send=True`` the referral goes out at once."""
    _require(policies.can_create_referral(actor))
    sending_organisation = _worker_organisation(actor, sending_organisation)
    _require(policies.has_full_client_access(actor, client))
    errors: dict[str, list[str]] = {}
    if reason not in ReferralReason.values:
        errors["reason"] = [_("Choose the reason, an action of the agreement.")]
    if priority not in Priority.values:
        errors["priority"] = [_("Choose a priority.")]
    if receiving_organisation.pk == sending_organisation.pk:
        errors["receiving_organisation"] = [_("Refer to another organisation.")]
    elif not policies.can_view_organisation(actor, receiving_organisation):
        errors["receiving_organisation"] = [
            _("Choose an organisation that works in your local government.")
        ]
    if consent is None:
        consent = referral_consent_find(
            client=client, receiving_organisation=receiving_organisation
        )
    if consent is None or not _consent_covers(consent, client, receiving_organisation):
        errors["consent"] = [
            _("There is no valid consent of the client for a referral to this organisation.")
        ]
    if errors:
        raise ValidationError(errors)
    action = _agreement_action(reason, actor)
    with transaction.atomic():
        referral = Referral.objects.create(
            client=client,
            consent=consent,
            sender=actor,
            sending_organisation=sending_organisation,
            receiving_organisation=receiving_organisation,
            receiving_team=receiving_team,
            reason=reason,
            action=action,
            priority=priority,
            note=note.strip(),
        )
        record(
            actor=actor,
            action="referral.created",
            target=referral,
            data={"client": client.pk, "to": receiving_organisation.pk, "reason": reason},
            source=source,
        )
        if send:
            _apply(referral, ReferralState.SENT, actor=actor)
            record(actor=actor, action="referral.sent", target=referral, source=source)
    return referral


def _agreement_action(reason: str, actor):
    """The action of the sender's running agreement that this reason belongs to, if it is
    loaded (each local government has its own agreement)."""
    from lokaalwerk.agreements.models import Action

    today = timezone.localdate()
    return (
        Action.objects.filter(
            agreement__in=policies.agreements_visible_to(actor),
            code=ReferralReason.action_code(reason),
            agreement__start_date__lte=today,
            agreement__end_date__gte=today,
        )
        .order_by("-agreement__start_date")
        .first()
    )


def _apply(referral: Referral, target: str, *, actor, note: str = "", **values) -> None:
    """Move a locked referral one step along the table, record the step and tell the sender."""
    previous = referral.state
    now = timezone.now()
    referral.state = target
    for name, value in values.items():
        setattr(referral, name, value)
    if target == ReferralState.SENT:
        referral.sent_at = now
        days = workflow.RESPONSE_WORKING_DAYS[Priority(referral.priority)]
        referral.response_deadline = add_working_days(timezone.localdate(), days)
    elif target in (ReferralState.ACCEPTED, ReferralState.DECLINED) and not referral.responded_at:
        referral.responded_at = now
    elif target == ReferralState.COMPLETED:
        referral.completed_at = now
    if target in workflow.FINAL_STATES:
        referral.closed_at = now
    referral.save()
    ReferralEvent.objects.create(
        referral=referral, actor=actor, from_state=previous, to_state=target, note=note
    )
    if actor is None or actor.pk != referral.sender_id:
        _notify_sender(referral, target)


def _notify_sender(referral: Referral, state: str) -> None:
    """Closed loop (findhelp, Unite Us): the sender hears of every step, in the app and by mail."""
    label = ReferralState(state).label
    message = InboxMessage.objects.create(
        recipient_id=referral.sender_id,
        referral=referral,
        subject=_("Referral %(number)s: %(state)s") % {"number": referral.pk, "state": label},
        body=referral.get_outcome_display() if state == ReferralState.COMPLETED else "",
    )
    from .tasks import inbox_message_mail

    transaction.on_commit(lambda: inbox_message_mail.enqueue(message.pk))


def referral_transition(
    *,
    actor,
    referral: Referral,
    to: str,
    reason: str = "",
    outcome: str = "",
    outcome_note: str = "",
    source: str = "",
) -> Referral:
    """Take one step of the workflow table. The row is locked first, so when two people accept
    the same referral at once exactly one succeeds; the other gets a clear error."""
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("consent", "sending_organisation", "receiving_organisation")
            .get(pk=referral.pk)
        )
        step = workflow.transition_for(locked.state, to)
        if step is None or step.side == workflow.SYSTEM:
            raise ValidationError(
                _("A referral that is %(state)s cannot become %(target)s.")
                % {
                    "state": ReferralState(locked.state).label.lower(),
                    "target": ReferralState(to).label.lower() if to in ReferralState.values else to,
                },
                code="transition",
            )
        _require(policies.can_transition_referral(actor, locked, step.side))
        values: dict = {}
        if step.requires == "reason":
            if not reason.strip():
                raise ValidationError({"reason": [_("Say why the referral is declined.")]})
            values["decline_reason"] = reason.strip()
        if step.requires == "outcome":
            if outcome not in Outcome.values:
                raise ValidationError({"outcome": [_("Choose the outcome.")]})
            values["outcome"] = outcome
            values["outcome_note"] = outcome_note.strip()
        if to == ReferralState.SENT and not (locked.consent and locked.consent.is_valid()):
            raise ValidationError({"consent": [_("The client's consent is no longer valid.")]})
        if to == ReferralState.ACCEPTED:
            values["handled_by"] = actor
        previous = locked.state
        _apply(locked, to, actor=actor, note=values.get("decline_reason", ""), **values)
        record(
            actor=actor,
            action=f"referral.{to}",
            target=locked,
            data={"from": previous, "to": to},
            source=source,
        )
    return locked


def referral_send(*, actor, referral: Referral, source: str = "") -> Referral:
    return referral_transition(actor=actor, referral=referral, to=ReferralState.SENT, source=source)


def referral_accept(*, actor, referral: Referral, source: str = "") -> Referral:
    return referral_transition(
        actor=actor, referral=referral, to=ReferralState.ACCEPTED, source=source
    )


def referral_decline(*, actor, referral: Referral, reason: str, source: str = "") -> Referral:
    return referral_transition(
        actor=actor, referral=referral, to=ReferralState.DECLINED, reason=reason, source=source
    )


def referral_start(*, actor, referral: Referral, source: str = "") -> Referral:
    return referral_transition(
        actor=actor, referral=referral, to=ReferralState.IN_PROGRESS, source=source
    )


def referral_complete(
    *, actor, referral: Referral, outcome: str, outcome_note: str = "", source: str = ""
) -> Referral:
    return referral_transition(
        actor=actor,
        referral=referral,
        to=ReferralState.COMPLETED,
        outcome=outcome,
        outcome_note=outcome_note,
        source=source,
    )


def referral_close(*, actor, referral: Referral, source: str = "") -> Referral:
    return referral_transition(
        actor=actor, referral=referral, to=ReferralState.CLOSED, source=source
    )


def referral_withdraw(*, actor, referral: Referral, source: str = "") -> Referral:
    return referral_transition(
        actor=actor, referral=referral, to=ReferralState.WITHDRAWN, source=source
    )


def referrals_expire(*, today: dt.date | None = None) -> int:
    """Referrals nobody answered before the deadline expire (the system takes this step)."""
    today = today or timezone.localdate()
    count = 0
    overdue = Referral.objects.filter(state=ReferralState.SENT, response_deadline__lt=today)
    for pk in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            if referral.state != ReferralState.SENT:
                continue
            _apply(referral, ReferralState.EXPIRED, actor=None)
            record(actor=None, action="referral.expired", target=referral, source="job")
            count += 1
    return count


def retention_apply(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Retention: a referral finished longer ago than LOKAALWERK_REFERRAL_RETENTION_DAYS loses
    its link to the client and its free text; a pseudonym keeps the statistics countable. A
    client nobody serves any more and without other referrals is then erased."""
    now = now or timezone.now()
    days = settings.REFERRAL_RETENTION_DAYS if days is None else days
    cutoff = now - dt.timedelta(days=days)
    due = Referral.objects.filter(
        state__in=workflow.FINAL_STATES, closed_at__lt=cutoff, pseudonymised_at__isnull=True
    )
    count = 0
    clients: set[int] = set()
    with transaction.atomic():
        for referral in due.select_for_update():
            if referral.client_id:
                clients.add(referral.client_id)
            _pseudonymise_referral(referral)
            count += 1
        today = timezone.localdate()
        for client in Client.objects.filter(pk__in=clients, erased_at__isnull=True):
            still_needed = (
                client.referrals.exists()
                or client.relationships.filter(
                    Q(ended_on__isnull=True) | Q(ended_on__gte=today)
                ).exists()
                or client.bookings.filter(date__gte=today).exists()
            )
            if not still_needed:
                _wipe_client(client)
                client.erased_at = now
                client.save()
        record(
            actor=None,
            action="referral.retention_applied",
            data={"referrals": count, "cutoff": cutoff.isoformat()},
            source="job",
        )
    return count


def inbox_message_read(*, actor, message: InboxMessage) -> None:
    if message.recipient_id != actor.pk:
        raise PermissionDenied
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])


# --- The weekly VDAB pop-up (action 2.2) ----------------------------------------------------


def popup_slot_create(
    *,
    actor,
    organisation: Organisation,
    host: Organisation,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    capacity: int,
    active_from: dt.date,
    active_until: dt.date | None = None,
    location: str = "",
    consultants: Iterable = (),
    source: str = "",
) -> PopUpSlot:
    """A recurring weekly consultation hour of VDAB at a partner's premises."""
    _require(policies.can_manage_popup(actor, PopUpSlot(organisation=organisation, host=host)))
    errors: dict[str, list[str]] = {}
    if end_time <= start_time:
        errors["end_time"] = [_("The slot ends before it starts.")]
    if capacity < 1:
        errors["capacity"] = [_("A slot has room for at least one client.")]
    if active_until and active_until < active_from:
        errors["active_until"] = [_("The end date lies before the start date.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        slot = PopUpSlot.objects.create(
            organisation=organisation,
            host=host,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            capacity=capacity,
            active_from=active_from,
            active_until=active_until,
            location=location,
        )
        slot.consultants.set(consultants)
        record(actor=actor, action="popup.slot_created", target=slot, source=source)
    return slot


def popup_booking_create(
    *,
    actor,
    slot: PopUpSlot,
    date: dt.date,
    client: Client,
    consent: Consent | None = None,
    organisation: Organisation | None = None,
    source: str = "",
) -> PopUpBooking:
    """A social worker books a client into the pop-up, with the client's consent to share
    their data with the organisation holding it. The slot row is locked, so the last place
    cannot be given twice."""
    _require(policies.can_book_popup(actor))
    organisation = _worker_organisation(actor, organisation)
    _require(policies.has_full_client_access(actor, client))
    errors: dict[str, list[str]] = {}
    if not slot.occurs_on(date):
        errors["date"] = [_("The pop-up is not held on that day.")]
    elif date < timezone.localdate():
        errors["date"] = [_("That day has passed.")]
    if consent is None:
        consent = (
            Consent.objects.valid()
            .filter(client=client, purpose__in=[ConsentPurpose.REFERRAL, ConsentPurpose.FOLLOW_UP])
            .filter(Q(recipient__isnull=True) | Q(recipient_id__in=slot.organisation.lineage_ids()))
            .order_by("-given_on")
            .first()
        )
    if consent is None or consent.client_id != client.pk or not consent.is_valid():
        errors["consent"] = [_("There is no valid consent to share data with the pop-up.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        slot = PopUpSlot.objects.select_for_update().get(pk=slot.pk)
        taken = slot.bookings.filter(date=date).exclude(attendance=Attendance.CANCELLED)
        if taken.filter(client=client).exists():
            raise ValidationError({"client": [_("This client is already booked that day.")]})
        if taken.count() >= slot.capacity:
            raise ValidationError({"date": [_("The pop-up is full that day.")]})
        booking = PopUpBooking.objects.create(
            slot=slot,
            date=date,
            client=client,
            consent=consent,
            booked_by=actor,
            booked_for=organisation,
        )
        record(
            actor=actor,
            action="popup.booked",
            target=booking,
            data={"client": client.pk},
            source=source,
            subjects=[client],
        )
    return booking


def popup_booking_cancel(*, actor, booking: PopUpBooking, source: str = "") -> PopUpBooking:
    _require(booking.booked_for_id in policies.worker_organisation_ids(actor))
    if booking.attendance != Attendance.BOOKED:
        raise ValidationError(_("Only a booking that has not taken place can be cancelled."))
    with transaction.atomic():
        booking.attendance = Attendance.CANCELLED
        booking.save(update_fields=["attendance", "updated_at"])
        record(
            actor=actor,
            action="popup.cancelled",
            target=booking,
            source=source,
            subjects=[booking.client],
        )
    return booking


def popup_attendance_record(
    *, actor, booking: PopUpBooking, attendance: str, source: str = ""
) -> PopUpBooking:
    """After the pop-up the consultant marks who came and who did not."""
    _require(policies.can_record_attendance(actor, booking))
    if attendance not in (Attendance.ATTENDED, Attendance.NO_SHOW):
        raise ValidationError({"attendance": [_("Choose attended or no-show.")]})
    if booking.attendance == Attendance.CANCELLED:
        raise ValidationError({"attendance": [_("This booking was cancelled.")]})
    if booking.date > timezone.localdate():
        raise ValidationError({"attendance": [_("The pop-up has not taken place yet.")]})
    with transaction.atomic():
        booking.attendance = attendance
        booking.save(update_fields=["attendance", "updated_at"])
        record(
            actor=actor,
            action="popup.attendance",
            target=booking,
            data={"attendance": attendance},
            source=source,
            subjects=[booking.client],
        )
    return booking


def popup_reminders_send(*, today: dt.date | None = None) -> int:
    """The day before the pop-up, the worker who booked a client is reminded (in the app and by
    mail) so they can remind the client."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    due = PopUpBooking.objects.filter(
        date=tomorrow, attendance=Attendance.BOOKED, reminder_sent_at__isnull=True
    ).select_related("slot")
    from .tasks import inbox_message_mail

    count = 0
    with transaction.atomic():
        for booking in due.select_for_update(of=("self",)):
            message = InboxMessage.objects.create(
                recipient_id=booking.booked_by_id,
                subject=_("Reminder: pop-up on %(date)s at %(time)s")
                % {
                    "date": booking.date.strftime("%d-%m-%Y"),
                    "time": f"{booking.slot.start_time:%H:%M}",
                },
                body=_("Booking %(number)s. Please remind your client.") % {"number": booking.pk},
            )
            booking.reminder_sent_at = timezone.now()
            booking.save(update_fields=["reminder_sent_at"])
            transaction.on_commit(lambda pk=message.pk: inbox_message_mail.enqueue(pk))
            count += 1
    return count
