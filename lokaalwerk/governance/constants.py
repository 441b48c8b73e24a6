from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    POLITICAL_STEERING_GROUP = "political_steering_group", _("Political steering group")
    OPERATIONAL_STEERING_GROUP = "operational_steering_group", _("Operational steering group")
    WORKING_GROUP = "working_group", _("Working group")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    INVITEE = "invitee", _("Invitee")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Reply(models.TextChoices):
    PENDING = "pending", _("No reply yet")
    ACCEPTED = "accepted", _("Accepted")
    TENTATIVE = "tentative", _("Tentative")
    DECLINED = "declined", _("Declined")


#: iCalendar PARTSTAT for each reply (RFC 5545, 3.2.12).
REPLY_PARTSTAT = {
    Reply.PENDING: "NEEDS-ACTION",
    Reply.ACCEPTED: "ACCEPTED",
    Reply.TENTATIVE: "TENTATIVE",
    Reply.DECLINED: "DECLINED",
}


class AgendaItemKind(models.TextChoices):
    FREE = "free", _("Free item")
    ACTION = "action", _("Action")
    INDICATOR = "indicator", _("Indicator")
    REPORT = "report", _("Working group report")
    FOLLOW_UP = "follow_up", _("Open follow-up")


class DecisionKind(models.TextChoices):
    ADJUST_PLAN = "adjust_plan", _("Adjust the action plan")
    APPROVE = "approve", _("Approve")
    TAKE_NOTE = "take_note", _("Take note")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
