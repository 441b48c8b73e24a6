from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    """A judgement of how an action is going, kept apart from the work done (progress %)."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


#: A note explaining why is required for these statuses.
STATUSES_NEEDING_NOTE = {ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK}


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned")


class RollupMethod(models.TextChoices):
    AVERAGE = "average", _("Average")
    WEIGHTED = "weighted", _("Weighted average")
    MINIMUM = "minimum", _("Minimum")
    MANUAL = "manual", _("Set by hand")


class RollupNode(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    THEME = "theme", _("Theme")
    DOMAIN = "domain", _("Action domain")


class PrincipleRating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class PeriodBasis(models.TextChoices):
    """What an agreement's reporting periods follow. Part IV: the city–VDAB steering group meets
    three times a year and follows the plan, so by default each period is the run-up to one of
    its meetings; without such meetings the periods are calendar quarters."""

    MEETINGS = "meetings", _("Meetings of the city–VDAB steering group")
    QUARTERS = "quarters", _("Calendar quarters")


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("Before the due date")
    OVERDUE = "overdue", _("Overdue")


EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "odt", "ods", "csv", "txt")
