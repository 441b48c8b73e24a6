"""Part IV of the agreement: the steering groups and working groups that run it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import BodyKind, MemberRole


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
