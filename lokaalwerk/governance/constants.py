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
