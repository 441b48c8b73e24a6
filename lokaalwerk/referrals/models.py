"""The client at the centre: clients, their consents, referrals between partners, the pop-up.

Only the data a referral needs is kept (data minimisation, GDPR art. 5). Who may see a record
is decided in accounts/policies.py; the ``visible_to`` manager methods below ask it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import (
    Attendance,
    ConsentMethod,
    ConsentPurpose,
    Language,
    Outcome,
    Priority,
    ReceiverTeam,
    ReferralReason,
    ReferralState,
    Weekday,
)


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        from lokaalwerk.accounts import policies

        return policies.clients_visible_to(user, queryset=self)


class Client(TimeStampedModel):
    """A person a partner serves: a job seeker, a young person, a future parent."""

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    national_number = models.CharField(
        _("national register number"), max_length=11, blank=True, db_index=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.DUTCH
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["national_number"],
                condition=~models.Q(national_number=""),
                name="referrals_client_unique_national_number",
            )
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return f"#{self.pk}"
        return f"{self.first_name} {self.last_name}".strip() or f"#{self.pk}"


class ClientRelationship(TimeStampedModel):
    """An organisation serves this client (a file at the Sociaal Huis, a VDAB trajectory)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="relationships")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="client_relationships",
    )
    started_on = models.DateField(_("started on"), default=dt.date.today)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("client relationship")
        verbose_name_plural = _("client relationships")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "organisation"],
                condition=models.Q(ended_on__isnull=True),
                name="referrals_one_open_relationship",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.organisation}"

    def is_active(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


class ConsentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from lokaalwerk.accounts import policies

        return policies.consents_visible_to(user, queryset=self)

    def valid(self, on: dt.date | None = None):
        on = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, given_on__lte=on).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on)
        )


def consent_form_path(instance: Consent, filename: str) -> str:
    return f"consents/{instance.client_id}/{filename}"


def private_storage():
    """Signed consent forms live outside MEDIA_ROOT, so no static route can ever serve them;
    only the consent view (which asks the policies and writes an audit row) reads them."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.VAR_DIR / "private" / "referrals")


class Consent(TimeStampedModel):
    """The client's consent for one purpose, with what may be shared and with whom."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    recipient = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_consents",
        help_text=_("The named partner; empty means the partners of the agreement."),
    )
    scope = models.JSONField(_("data shared"), default=list)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    method = models.CharField(_("recorded how"), max_length=20, choices=ConsentMethod.choices)
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    signed_form = models.FileField(
        _("signed form"), upload_to=consent_form_path, storage=private_storage, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("recorded at"),
        on_delete=models.PROTECT,
        related_name="recorded_consents",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["client", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on:%d-%m-%Y})"

    def is_valid(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.given_on <= on
            and (self.valid_until is None or self.valid_until >= on)
        )


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        from lokaalwerk.accounts import policies

        return policies.referrals_visible_to(user, queryset=self)


class Referral(TimeStampedModel):
    """A warm handover of a client from a worker of one organisation to another organisation."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    client_pseudonym = models.CharField(_("pseudonym"), max_length=64, blank=True)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.PROTECT,
        related_name="sent_referrals",
    )
    sending_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="sent_referrals",
    )
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="received_referrals",
    )
    receiving_team = models.CharField(
        _("team"), max_length=20, choices=ReceiverTeam.choices, blank=True
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReferralReason.choices)
    action = models.ForeignKey(
        "agreements.Action",
        verbose_name=_("action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    note = models.TextField(_("note for the receiver"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ReferralState.choices,
        default=ReferralState.DRAFT,
        db_index=True,
    )
    response_deadline = models.DateField(_("respond by"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_referrals",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("about the outcome"), blank=True)
    pseudonymised_at = models.DateTimeField(_("pseudonymised at"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(
                fields=["receiving_organisation", "state", "-sent_at"], name="referral_inbox"
            ),
            models.Index(fields=["sending_organisation", "-sent_at"], name="referral_outbox"),
            models.Index(
                fields=["receiving_organisation", "-sent_at", "-id"], name="referral_inbox_recent"
            ),
            models.Index(fields=["state", "closed_at"], name="referral_retention"),
        ]

    def __str__(self) -> str:
        return _("Referral %(number)s") % {"number": self.pk}

    @property
    def action_code(self) -> str:
        return ReferralReason.action_code(self.reason)


class ReferralEvent(models.Model):
    """One step of a referral: the history the sender follows (closed loop)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(_("from"), max_length=20, choices=ReferralState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ReferralState.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"


class InboxMessage(models.Model):
    """An in-app message for a worker, e.g. the sender hearing that a referral was accepted."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_messages"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class PopUpSlotQuerySet(models.QuerySet):
    def visible_to(self, user):
        from lokaalwerk.accounts import policies

        return policies.popup_slots_visible_to(user, queryset=self)


class PopUpSlot(TimeStampedModel):
    """Action 2.2: a weekly consultation hour of VDAB in the Sociaal Huis."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="popup_slots",
    )
    host = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("held at"),
        on_delete=models.PROTECT,
        related_name="hosted_popup_slots",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("consultants"), blank=True, related_name="+"
    )
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)

    objects = PopUpSlotQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "start_time"]
        verbose_name = _("pop-up slot")
        verbose_name_plural = _("pop-up slots")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def occurs_on(self, day: dt.date) -> bool:
        return (
            day.weekday() == self.weekday
            and day >= self.active_from
            and (self.active_until is None or day <= self.active_until)
        )


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from lokaalwerk.accounts import policies

        return policies.bookings_visible_to(user, queryset=self)


class PopUpBooking(TimeStampedModel):
    """A client booked into one occurrence of a pop-up slot, with their consent."""

    slot = models.ForeignKey(PopUpSlot, on_delete=models.PROTECT, related_name="bookings")
    date = models.DateField(_("date"))
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_for = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("booked by organisation"),
        on_delete=models.PROTECT,
        related_name="popup_bookings",
    )
    attendance = models.CharField(
        _("attendance"), max_length=12, choices=Attendance.choices, default=Attendance.BOOKED
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("pop-up booking")
        verbose_name_plural = _("pop-up bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "date", "client"],
                condition=~models.Q(attendance="cancelled"),
                name="referrals_one_booking_per_client",
            )
        ]
        indexes = [models.Index(fields=["slot", "date"])]

    def __str__(self) -> str:
        return f"{self.slot} {self.date:%d-%m-%Y}"
