"""The joint screening of young people (actions 1.1 and 1.2): rounds, token uploads, counts.

The platform holds tokens, never names or register numbers: partners encode their lists with a
secret the platform does not have. Results per record are kept only while the round is open;
closing deletes tokens and results and keeps the counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import RoundStatus


class ScreeningRound(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    legal_basis = models.TextField(_("legal basis"))
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("participating organisations"),
        related_name="screening_rounds",
    )
    steering_group = models.ForeignKey(
        "governance.Body",
        verbose_name=_("steering group"),
        help_text=_("The body that reads the counts."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screening_rounds",
    )
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    linked_at = models.DateTimeField(_("linked at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        ordering = ["-year", "-opens_on", "pk"]
        verbose_name = _("screening round")
        verbose_name_plural = _("screening rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="screening_round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TokenUpload(TimeStampedModel):
    """One partner's encoded list in a round; a new upload replaces the previous one."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="uploads")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="screening_uploads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    record_count = models.PositiveIntegerField(_("records"))
    with_number_count = models.PositiveIntegerField(_("records with a register number"))
    key_check = models.CharField(_("key check"), max_length=64)
    tokens = models.JSONField(_("tokens"), default=dict, blank=True)
    found = models.JSONField(
        _("found in other lists"),
        default=dict,
        blank=True,
        help_text=_("Record id -> the organisations in whose lists it was found."),
    )
    tokens_deleted_at = models.DateTimeField(_("tokens deleted at"), null=True, blank=True)

    class Meta:
        ordering = ["round", "organisation__name"]
        verbose_name = _("token upload")
        verbose_name_plural = _("token uploads")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="one_upload_per_partner_and_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.organisation}"
