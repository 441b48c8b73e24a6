"""Pages for clients, consents, referrals and the pop-up: parse, ask a service or selector,
render. Access is decided in accounts/policies.py; a record outside the user's scope is 404."""

from __future__ import annotations

import datetime as dt
import json

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokaalwerk.accounts import policies
from lokaalwerk.core.forms import add_service_errors

from . import exports, selectors, services, workflow
from .constants import ConsentMethod, DataField, Outcome, ReferralReason, ReferralState
from .forms import (
    AttendanceForm,
    AuditLookupForm,
    BookingForm,
    ClientForm,
    CompleteForm,
    ConsentForm,
    DeclineForm,
    EraseForm,
    ReferralForm,
    SlotForm,
)
from .models import Client, Consent, PopUpBooking, PopUpSlot


def _require_worker(request) -> None:
    if not policies.is_client_worker(request.user):
        raise PermissionDenied


# --- Referrals -------------------------------------------------------------------------------


@login_required
def referral_inbox(request):
    _require_worker(request)
    box = "outbox" if request.GET.get("box") == "outbox" else "inbox"
    state = request.GET.get("state", "")
    if state not in ReferralState.values:
        state = ""
    offset = request.GET.get("from", "0")
    offset = min(int(offset), 100_000) if offset.isdigit() else 0
    referrals = selectors.referral_list(
        user=request.user, box=box, state=state, source=request.path, offset=offset
    )
    # Labels resolved once per page: Django's get_FOO_display() re-translates every choice on
    # each call, which dominates a page of fifty rows.
    reasons = {value: str(label) for value, label in ReferralReason.choices}
    states = {value: str(label) for value, label in ReferralState.choices}
    for referral in referrals:
        referral.reason_label = reasons.get(referral.reason, referral.reason)
        referral.state_label = states.get(referral.state, referral.state)
    context = {"referrals": referrals, "box": box, "state": state, "states": states.items()}
    return render(request, "referrals/referral_inbox.html", context)


def _catalogue_prefill(user, params) -> dict:
    """A referral started from the catalogue: the offer's provider receives it; a
    social-economy vacancy is referred for action 3.1. Unknown or invisible ids are ignored."""
    initial: dict = {}
    offer_id, vacancy_id = params.get("offer", ""), params.get("vacancy", "")
    if offer_id.isdigit() and apps.is_installed("lokaalwerk.catalogue"):
        offers_visible_to = getattr(policies, "offers_visible_to", None)
        try:
            offer_model = apps.get_model("catalogue", "Offer")
        except LookupError:
            offer_model = None
        if offer_model is not None and offers_visible_to is not None:
            offer = offers_visible_to(user).filter(pk=int(offer_id)).first()
            if offer is not None:
                initial["receiving_organisation"] = offer.provider_id
                initial["note"] = _("About the offer: %(offer)s") % {"offer": offer}
                initial["source"] = offer
    if vacancy_id.isdigit() and apps.is_installed("lokaalwerk.catalogue"):
        vacancies_visible_to = getattr(policies, "vacancies_visible_to", None)
        if vacancies_visible_to is not None:
            vacancy = vacancies_visible_to(user).filter(pk=int(vacancy_id)).first()
            if vacancy is not None:
                initial["reason"] = ReferralReason.SOCIAL_ECONOMY
                initial["note"] = _("About the vacancy: %(vacancy)s") % {"vacancy": vacancy}
                initial["source"] = vacancy
    return initial


@login_required
def referral_create(request):
    _require_worker(request)
    clients = selectors.client_choices_queryset(user=request.user)
    initial = _catalogue_prefill(request.user, request.GET)
    source_record = initial.pop("source", None)
    if request.GET.get("client", "").isdigit():
        initial["client"] = int(request.GET["client"])
    form = ReferralForm(
        request.POST or None,
        clients=clients,
        organisations=policies.organisations_visible_to(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                actor=request.user,
                client=data["client"],
                receiving_organisation=data["receiving_organisation"],
                reason=data["reason"],
                priority=data["priority"],
                receiving_team=data["receiving_team"],
                note=data["note"],
                send="send" in request.POST,
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral was saved."))
            return redirect("referrals:detail", pk=referral.pk)
    form.offer_clients(selectors.client_choices(user=request.user, source=request.path))
    return render(
        request, "referrals/referral_form.html", {"form": form, "source_record": source_record}
    )


@login_required
def referral_detail(request, pk: int):
    _require_worker(request)
    referral = selectors.referral_get(user=request.user, pk=pk, source=request.path)
    steps = workflow.next_states(referral.state, referral.side)
    context = {
        "referral": referral,
        "client_view": referral.client_view,
        "steps": steps,
        "events": referral.events.select_related("actor"),
        "decline_form": DeclineForm() if ReferralState.DECLINED in steps else None,
        "complete_form": CompleteForm() if ReferralState.COMPLETED in steps else None,
        "simple_steps": [
            (s, ReferralState(s).label)
            for s in steps
            if s not in (ReferralState.DECLINED, ReferralState.COMPLETED)
        ],
        "data_fields": DataField,
    }
    return render(request, "referrals/referral_detail.html", context)


@login_required
@require_POST
def referral_transition(request, pk: int):
    _require_worker(request)
    referral = selectors.referral_get(user=request.user, pk=pk, source=request.path, audit=False)
    target = request.POST.get("to", "")
    try:
        referral = services.referral_transition(
            actor=request.user,
            referral=referral,
            to=target,
            reason=request.POST.get("reason", ""),
            outcome=request.POST.get("outcome", ""),
            outcome_note=request.POST.get("outcome_note", ""),
            source=request.path,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The referral is now: %(state)s.") % {"state": ReferralState(target).label},
        )
        if not policies.can_view_referral(request.user, referral):
            return redirect("referrals:inbox")
    return redirect("referrals:detail", pk=pk)


@login_required
def referral_statistics(request):
    if not policies.can_view_referral_statistics(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None
    stats = selectors.referral_statistics(start=start, end=end, user=request.user)
    context = {
        "year": year,
        "stats": stats,
        "by_reason": [(r.label, stats["by_reason"].get(r.value, 0)) for r in ReferralReason],
        "by_state": [(s.label, stats["by_state"].get(s.value, 0)) for s in ReferralState],
        "by_outcome": [(o.label, stats["by_outcome"].get(o.value, 0)) for o in Outcome],
    }
    return render(request, "referrals/statistics.html", context)


@login_required
def message_list(request):
    inbox = list(selectors.inbox_messages(user=request.user))
    return render(request, "referrals/message_list.html", {"inbox": inbox})


@login_required
@require_POST
def message_read(request, pk: int):
    message = get_object_or_404(request.user.inbox_messages, pk=pk)
    services.inbox_message_read(actor=request.user, message=message)
    if message.referral_id and policies.is_client_worker(request.user):
        return redirect("referrals:detail", pk=message.referral_id)
    return redirect("referrals:messages")


# --- Clients ---------------------------------------------------------------------------------


@login_required
def client_list(request):
    _require_worker(request)
    search = request.GET.get("q", "")[:100]
    clients = selectors.client_list(user=request.user, search=search, source=request.path)
    return render(request, "referrals/client_list.html", {"clients": clients, "search": search})


@login_required
def client_create(request):
    if not policies.can_record_client(request.user):
        raise PermissionDenied
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(
                actor=request.user, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The client was registered."))
            return redirect("referrals:client-detail", pk=client.pk)
    return render(request, "referrals/client_form.html", {"form": form, "client": None})


@login_required
def client_detail(request, pk: int):
    _require_worker(request)
    view = selectors.client_get(user=request.user, pk=pk, source=request.path)
    client = view.client
    context = {
        "view": view,
        "client": client,
        "consents": selectors.client_consents(user=request.user, client=client)
        if view.full
        else [],
        "can_edit": view.full,
        "can_erase": policies.can_erase_client(request.user, client),
        "data_fields": DataField,
    }
    return render(request, "referrals/client_detail.html", context)


@login_required
def client_edit(request, pk: int):
    _require_worker(request)
    view = selectors.client_get(user=request.user, pk=pk, source=request.path)
    client = view.client
    if not policies.can_edit_client(request.user, client):
        raise PermissionDenied
    initial = {name: getattr(client, name) for name in services.CLIENT_FIELDS}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                actor=request.user, client=client, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The client's data was corrected."))
            return redirect("referrals:client-detail", pk=client.pk)
    return render(request, "referrals/client_form.html", {"form": form, "client": client})


@login_required
def consent_create(request, pk: int):
    _require_worker(request)
    view = selectors.client_get(user=request.user, pk=pk, source=request.path)
    if not policies.can_record_consent(request.user, view.client):
        raise PermissionDenied
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        initial={"given_on": timezone.localdate()},
        organisations=policies.organisations_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=request.user,
                client=view.client,
                purpose=data["purpose"],
                scope=data["scope"],
                method=data["method"],
                given_on=data["given_on"],
                valid_until=data["valid_until"],
                recipient=data["recipient"],
                witness=data["witness"],
                signed_form=data["signed_form"],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("referrals:client-detail", pk=view.client.pk)
    return render(request, "referrals/consent_form.html", {"form": form, "client": view.client})


@login_required
@require_POST
def consent_withdraw(request, pk: int):
    _require_worker(request)
    consent = get_object_or_404(Consent.objects.visible_to(request.user), pk=pk)
    if not policies.can_withdraw_consent(request.user, consent):
        raise PermissionDenied
    try:
        services.consent_withdraw(actor=request.user, consent=consent, source=request.path)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consent was withdrawn; sharing stops now."))
    return redirect("referrals:client-detail", pk=consent.client_id)


@login_required
def consent_form(request, pk: int):
    """The uploaded signed form, for the organisations that see the client in full."""
    _require_worker(request)
    consent = get_object_or_404(Consent.objects.visible_to(request.user), pk=pk)
    if not consent.signed_form or not policies.can_record_consent(request.user, consent.client):
        raise Http404
    from django.http import FileResponse

    from lokaalwerk.audit.services import record

    record(
        actor=request.user,
        action="consent.form_viewed",
        target=consent.client,
        data={"consent": consent.pk},
        source=request.path,
    )
    return FileResponse(
        consent.signed_form.open("rb"),
        as_attachment=True,
        filename=consent.signed_form.name.rsplit("/", 1)[-1],
    )


def consent_explanation(request, purpose: str = "referral"):
    """A printable explanation in plain Dutch for the client, whatever the worker's language."""
    from .constants import ConsentPurpose

    if purpose not in ConsentPurpose.values:
        raise Http404
    with translation.override("nl-be"):
        response = render(
            request,
            "referrals/consent_explanation.html",
            {
                "purpose": ConsentPurpose(purpose),
                "data_fields": DataField,
                "methods": ConsentMethod,
            },
        )
    return response


def _exportable_client(request, pk: int) -> Client:
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    if not policies.can_export_client(request.user, client):
        raise PermissionDenied
    return client


@login_required
def client_export_json(request, pk: int):
    _require_worker(request)
    client = _exportable_client(request, pk)
    data = exports.client_export(actor=request.user, client=client, source=request.path)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}.json"'
    return response


@login_required
def client_export_pdf(request, pk: int):
    _require_worker(request)
    client = _exportable_client(request, pk)
    data = exports.client_export(actor=request.user, client=client, source=request.path)
    response = HttpResponse(exports.client_export_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="client-{client.pk}.pdf"'
    return response


@login_required
def client_erase(request, pk: int):
    is_dpo = policies.can_view_client_audit(request.user)
    queryset = Client.objects.filter(erased_at__isnull=True)
    if not is_dpo:
        _require_worker(request)
        queryset = Client.objects.visible_to(request.user)
    client = get_object_or_404(queryset, pk=pk)
    if not policies.can_erase_client(request.user, client):
        raise PermissionDenied
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_erase(
                actor=request.user,
                client=client,
                reason=form.cleaned_data["reason"],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The client's personal data was erased."))
            return redirect("referrals:client-list" if not is_dpo else "referrals:audit")
    return render(request, "referrals/client_erase.html", {"form": form, "client": client})


@login_required
def audit_log(request):
    """The data protection officer looks up a client by number and reads the log."""
    if not policies.can_view_client_audit(request.user):
        raise PermissionDenied
    form = AuditLookupForm(request.GET or None)
    events = None
    client = None
    if form.is_valid():
        client_id = form.cleaned_data["client"]
        client = Client.objects.filter(pk=client_id).only("pk", "erased_at").first()
        if client is None or not policies.can_view_client_audit_of(request.user, client):
            client = None
            form.add_error("client", _("There is no client with this number."))
        else:
            events = list(
                selectors.client_audit_log(
                    user=request.user, client_id=client_id, source=request.get_full_path()
                )[:500]
            )
    return render(
        request, "referrals/audit_log.html", {"form": form, "events": events, "client": client}
    )


# --- The weekly pop-up -----------------------------------------------------------------------


@login_required
def popup(request):
    if not (policies.is_client_worker(request.user) or policies.can_manage_popup(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    slots = list(selectors.popup_slot_list(user=request.user))
    bookings = selectors.popup_bookings_shown(
        user=request.user,
        bookings=selectors.popup_bookings(user=request.user, start=today - dt.timedelta(7)),
        source=request.path,
    )
    for booking in bookings:
        booking.can_mark = policies.can_record_attendance(request.user, booking)
    context = {
        "slots": slots,
        "occurrences": selectors.popup_occurrences(slots=slots, start=today),
        "bookings": bookings,
        "today": today,
        "can_book": policies.can_book_popup(request.user),
        "can_manage": policies.can_manage_popup(request.user),
        "attendance_form": AttendanceForm(),
    }
    return render(request, "referrals/popup.html", context)


@login_required
def popup_book(request):
    if not policies.can_book_popup(request.user):
        raise PermissionDenied
    slots = selectors.popup_slot_list(user=request.user)
    clients = selectors.client_choices_queryset(user=request.user)
    initial = {}
    if request.GET.get("slot", "").isdigit():
        initial["slot"] = int(request.GET["slot"])
    if request.GET.get("date"):
        initial["date"] = request.GET["date"]
    form = BookingForm(request.POST or None, slots=slots, clients=clients, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.popup_booking_create(
                actor=request.user,
                slot=data["slot"],
                date=data["date"],
                client=data["client"],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The client is booked."))
            return redirect("referrals:popup")
    form.offer_clients(selectors.client_choices(user=request.user, source=request.path))
    return render(request, "referrals/popup_book.html", {"form": form})


@login_required
@require_POST
def popup_attendance(request, pk: int):
    booking = get_object_or_404(PopUpBooking.objects.visible_to(request.user), pk=pk)
    form = AttendanceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose attended or no-show."))
        services.popup_attendance_record(
            actor=request.user,
            booking=booking,
            attendance=form.cleaned_data["attendance"],
            source=request.path,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect("referrals:popup")


@login_required
@require_POST
def popup_cancel(request, pk: int):
    booking = get_object_or_404(PopUpBooking.objects.visible_to(request.user), pk=pk)
    try:
        services.popup_booking_cancel(actor=request.user, booking=booking, source=request.path)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The booking was cancelled."))
    return redirect("referrals:popup")


@login_required
def popup_slot_create(request):
    if not policies.can_manage_popup(request.user):
        raise PermissionDenied
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vdab, host = policies.popup_slot_holders(request.user)
        try:
            services.popup_slot_create(
                actor=request.user, organisation=vdab, host=host, source=request.path, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("Only coordinators of VDAB or the Sociaal Huis set up slots."))
        else:
            messages.success(request, _("The pop-up slot was added."))
            return redirect("referrals:popup")
    return render(request, "referrals/popup_slot_form.html", {"form": form})


def _month_starts(last: dt.date, count: int) -> list[dt.date]:
    months = []
    month = last.replace(day=1)
    for _i in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


@login_required
def popup_report(request):
    """Monthly use of the pop-up: places, bookings, attendance, no-shows, full weeks."""
    if not (
        policies.can_manage_popup(request.user)
        or policies.can_view_referral_statistics(request.user)
    ):
        raise PermissionDenied
    months = _month_starts(timezone.localdate(), 6)
    slots = PopUpSlot.objects.visible_to(request.user)
    report = selectors.popup_use_report(slots=slots, months=months)
    return render(request, "referrals/popup_report.html", {"report": report, "months": months})
