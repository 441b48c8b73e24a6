"""Results of the plan: owners, milestones, reporting periods, progress updates, the principles
check, roll-up rules, publication choices and named snapshots.

Part III: the action domains "moeten zichtbare resultaten kennen"; principles 9 and 10 make the
added value of the cooperation visible and measurable. Every change to these records is written
to ``agreements.PlanChange`` by the services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import (
    ApprovalState,
    PeriodBasis,
    PrincipleRating,
    ProgressStatus,
    ReminderKind,
    RollupMethod,
    RollupNode,
)


class ActionOwner(TimeStampedModel):
    """A person answerable for an action, or for one partner's commitment within it."""

    action = models.ForeignKey("agreements.Action", on_delete=models.CASCADE, related_name="owners")
    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="owners",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="owned_actions",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="action_owners",
    )
    name_public = models.BooleanField(
        _("name may be published"),
        default=False,
        help_text=_("The person agreed that their name appears on the public page."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["action__sort_key", "pk"]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "user", "organisation"], name="unique_action_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Milestone(TimeStampedModel):
    action = models.ForeignKey(
        "agreements.Action", on_delete=models.CASCADE, related_name="milestones"
    )
    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ReportingPeriod(models.Model):
    """The stretch of time one round of progress updates covers, due on ``due_date``.

    By default the run-up to each meeting of the city–VDAB steering group (Part IV); without
    such meetings, or when the coordinators chose so, calendar quarters
    (``PublicationSettings.period_basis``)."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="reporting_periods"
    )
    label = models.CharField(_("period"), max_length=60)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    due_date = models.DateField(_("updates due"))

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "start_date"], name="unique_reporting_period_start"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="reporting_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ProgressUpdate(TimeStampedModel):
    """One owner's account of an action for a reporting period.

    Status (a judgement) and progress (work done, 0–100 %) are kept apart; the outcome is what
    the linked indicators show."""

    action = models.ForeignKey(
        "agreements.Action", on_delete=models.CASCADE, related_name="progress_updates"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("why at risk or off track"), blank=True)
    narrative = models.TextField(_("what happened"), blank=True)
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to="results/evidence/%Y/", blank=True
    )
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    unchanged = models.BooleanField(_("unchanged since last update"), default=False)
    approval = models.CharField(
        _("approval"), max_length=12, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)

    class Meta:
        ordering = ["-period__start_date", "-created_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["action", "approval"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.code} {self.period}: {self.get_status_display()}"


class PrincipleAssessment(TimeStampedModel):
    """Part II calls the principles the assessment frame (toetsingskader) for every action."""

    action = models.ForeignKey(
        "agreements.Action", on_delete=models.CASCADE, related_name="principle_assessments"
    )
    principle = models.ForeignKey(
        "agreements.Principle", on_delete=models.CASCADE, related_name="assessments"
    )
    rating = models.CharField(_("assessment"), max_length=16, choices=PrincipleRating.choices)
    justification = models.TextField(_("justification"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["principle__number"]
        verbose_name = _("principle assessment")
        verbose_name_plural = _("principle assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "principle"], name="one_assessment_per_principle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action.code} × {self.principle.number}: {self.get_rating_display()}"


class RollupRule(TimeStampedModel):
    """How a theme, action domain or the agreement combines the progress of what lies below."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="rollup_rules"
    )
    node_type = models.CharField(_("level"), max_length=12, choices=RollupNode.choices)
    node_id = models.PositiveBigIntegerField()
    method = models.CharField(
        _("rule"), max_length=12, choices=RollupMethod.choices, default=RollupMethod.AVERAGE
    )
    #: Child id (as text) -> weight; normalised when used.
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    manual_value = models.PositiveSmallIntegerField(
        _("value set by hand (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("roll-up rule")
        verbose_name_plural = _("roll-up rules")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "node_type", "node_id"], name="one_rollup_rule_per_node"
            )
        ]

    def __str__(self) -> str:
        return f"{self.node_type} {self.node_id}: {self.method}"


class PublicationSettings(TimeStampedModel):
    """What coordinators publish on the public transparency page (principle 9), and how the
    agreement's results are gathered: whether updates need approval and what the reporting
    periods follow."""

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="publication"
    )
    published = models.BooleanField(_("publish results"), default=False)
    show_progress = models.BooleanField(_("publish progress percentages"), default=True)
    show_narrative = models.BooleanField(_("publish narratives"), default=False)
    show_owners = models.BooleanField(_("publish owners who agreed to it"), default=False)
    approval_required = models.BooleanField(
        _("updates need a coordinator's approval"), default=True
    )
    period_basis = models.CharField(
        _("reporting periods follow"),
        max_length=12,
        choices=PeriodBasis.choices,
        default=PeriodBasis.MEETINGS,
        help_text=_(
            "Without meetings of the city–VDAB steering group within the agreement, the periods "
            "follow the calendar quarters."
        ),
    )
    hidden_actions = models.ManyToManyField(
        "agreements.Action", verbose_name=_("actions not published"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("publication settings")
        verbose_name_plural = _("publication settings")

    def __str__(self) -> str:
        return str(self.agreement)


class Snapshot(models.Model):
    """A named, frozen copy of the plan with its latest progress, e.g. for a steering group."""

    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, related_name="snapshots"
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("e.g. the meeting it was made for")
    )
    data = models.JSONField(_("frozen plan"), default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="unique_snapshot_name")
        ]

    def __str__(self) -> str:
        return self.name


class ReminderSent(models.Model):
    """A reminder e-mail already sent, so the scheduled job never sends the same one twice."""

    owner = models.ForeignKey(ActionOwner, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["owner", "period", "kind"], name="unique_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.period} {self.kind}"
