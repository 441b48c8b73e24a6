"""The cooperation agreement as structured data.

Part I sets the ambitions, Part II the operating principles, Part III the themes, action domains
and actions with each partner's commitments; Part IV the bodies (kept in governance).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import AgreementStatus, ImportStatus


class Agreement(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    council_agenda_item = models.CharField(_("agenda item"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("previous agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
    )
    municipalities = models.ManyToManyField(
        "geography.Municipality",
        verbose_name=_("municipalities covered"),
        related_name="agreements",
        blank=True,
    )
    local_government = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("local government"),
        help_text=_("The local government party: who sees the agreement and all that hangs on it."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "local_government"},
        related_name="local_agreements",
    )

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def effective_end(self) -> dt.date:
        if self.status == AgreementStatus.TERMINATED and self.terminated_on:
            return self.terminated_on
        return self.end_date

    def days_left(self, today: dt.date) -> int | None:
        """Days until the end, or None once it has ended."""
        end = self.effective_end()
        return (end - today).days if end >= today else None


class Party(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="agreement_parties"
    )
    name = models.CharField(_("name as written"), max_length=300)
    address = models.CharField(_("address"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="unique_party")
        ]

    def __str__(self) -> str:
        return self.name


class Signatory(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name}, {self.function}"


class Ambition(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="ambitions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("ambition")
        verbose_name_plural = _("ambitions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_ambition_number")
        ]

    def __str__(self) -> str:
        return self.title


class Principle(models.Model):
    """One of the operating principles: the assessment frame (toetsingskader) for every action."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="principles")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_principle_number")
        ]

    def __str__(self) -> str:
        return self.title or self.text[:80]


class Theme(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_theme_number")
        ]

    def __str__(self) -> str:
        return self.title


class ActionDomain(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="domains")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("action domain")
        verbose_name_plural = _("action domains")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_domain_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(TimeStampedModel):
    domain = models.ForeignKey(ActionDomain, on_delete=models.CASCADE, related_name="actions")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("code"), max_length=16)
    sort_key = models.CharField(max_length=48, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        help_text=_("The action of the previous agreement this action builds on."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
    )

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="unique_action_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @staticmethod
    def sort_key_for(code: str) -> str:
        """ "2.10" sorts after "2.9": zero-pad every numeric part."""
        return ".".join(part.zfill(4) if part.isdigit() else part for part in code.split("."))

    def save(self, *args, **kwargs):
        self.sort_key = self.sort_key_for(self.code)
        super().save(*args, **kwargs)


class ActionItem(models.Model):
    """A sub-item of an action, such as 2.1.1 E-inclusie."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        constraints = [
            models.UniqueConstraint(fields=["action", "code"], name="unique_action_item_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Commitment(models.Model):
    """What one partner commits to within an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="commitments"
    )
    text = models.TextField(_("commitment"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"], name="one_commitment_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action.code}: {self.organisation}"


class AgreementImport(TimeStampedModel):
    """An uploaded agreement, recognised and waiting for a coordinator to confirm it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    structure = models.JSONField(_("recognised structure"))
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agreement import")
        verbose_name_plural = _("agreement imports")

    def __str__(self) -> str:
        return self.filename


class PlanChange(models.Model):
    """One recorded change to the plan or its progress: who, when, what, before and after.

    Services write these explicitly; the action timeline and snapshot comparisons read them.
    Other apps link to them (a steering group decision points at the changes it caused)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="changes")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind of change"), max_length=60)
    summary = models.CharField(_("summary"), max_length=300)
    changes = models.JSONField(_("before and after"), default=dict, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")
        indexes = [models.Index(fields=["agreement", "occurred_at"])]

    def __str__(self) -> str:
        return self.summary
