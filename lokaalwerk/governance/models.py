"""Part IV of the agreement: the steering groups and working groups that run it.

Bodies meet; a meeting has an agenda, invitations with replies and attendance, minutes,
decisions (which may adjust the action plan) and follow-ups. The meeting pack is kept with the
meeting as the record of what was presented.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import (
    AgendaItemKind,
    BodyKind,
    DecisionKind,
    FollowUpStatus,
    MeetingStatus,
    MemberRole,
    Reply,
)


class Body(TimeStampedModel):
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    convenor = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("convening organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_bodies",
    )
    min_meetings_per_year = models.PositiveSmallIntegerField(
        _("minimum meetings per calendar year"), default=0
    )
    description = models.TextField(_("description"), blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporting_bodies",
    )
    actions = models.ManyToManyField(
        "agreements.Action", verbose_name=_("linked actions"), related_name="bodies", blank=True
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="unique_body_name")
        ]

    def __str__(self) -> str:
        return self.name


class BodyMember(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person_name = models.CharField(_("person"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    function = models.CharField(_("function"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    is_public_official = models.BooleanField(
        _("public official"),
        default=False,
        help_text=_("Only public officials are named on the public page."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person_name", "organisation"], name="unique_body_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.organisation})"


class Meeting(TimeStampedModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # iCalendar identity: the UID never changes, the SEQUENCE rises with every change sent out.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    report = models.TextField(
        _("report to the steering group"),
        blank=True,
        help_text=_("A working group's report; it is proposed for the next steering group."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    pack_html = models.TextField(blank=True, editable=False)
    pack_pdf = models.BinaryField(null=True, blank=True, editable=False)
    pack_data = models.JSONField(null=True, blank=True, editable=False)
    pack_built_at = models.DateTimeField(_("pack built at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.name}, {timezone.localtime(self.starts_at):%d/%m/%Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def minutes_approved(self) -> bool:
        return self.minutes_approved_at is not None


class Invitation(models.Model):
    """One member invited to one meeting by the convening organisation, with the reply."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(BodyMember, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_sequence = models.PositiveIntegerField(default=0)
    reply = models.CharField(
        _("reply"), max_length=16, choices=Reply.choices, default=Reply.PENDING
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["member_id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_invitation_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member.person_name} → {self.meeting}"


class FollowUp(TimeStampedModel):
    """Something a meeting asked someone to do by a date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    decision = models.ForeignKey(
        "Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    description = models.CharField(_("what"), max_length=500)
    owner_name = models.CharField(_("owner"), max_length=200)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner's organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.description

    def is_late(self, today) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_date < today


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AgendaItemKind.choices, default=AgendaItemKind.FREE
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    action = models.ForeignKey(
        "agreements.Action",
        verbose_name=_("action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    report_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("working group meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_in",
    )
    follow_up = models.ForeignKey(
        FollowUp,
        verbose_name=_("follow-up"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Decision(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    text = models.TextField(_("decision"))
    actions = models.ManyToManyField(
        "agreements.Action", verbose_name=_("linked actions"), related_name="decisions", blank=True
    )
    # The plan's history names the meeting that caused a change through this relation.
    plan_changes = models.ManyToManyField(
        "agreements.PlanChange", related_name="decisions", blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:80]


class CalendarFeedToken(models.Model):
    """The secret in a personal calendar feed's address; revoking it deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user}"
