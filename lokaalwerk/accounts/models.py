"""People, the organisations they work for, and the role they hold there."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import ROLE_RANK, OrganisationKind, Role


class Organisation(TimeStampedModel):
    """A party or partner: VDAB, a city, a department of either, a school, a partner."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    local_government = models.ForeignKey(
        "self",
        verbose_name=_("local government"),
        help_text=_(
            "The local government whose cooperation this organisation works in. Empty for a "
            "regional organisation that works with several local governments."
        ),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": OrganisationKind.LOCAL_GOVERNMENT},
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.kind == OrganisationKind.LOCAL_GOVERNMENT and self.pk:
            if self.local_government_id not in (None, self.pk):
                raise ValidationError(
                    {"local_government": _("A local government works in its own cooperation.")}
                )
        elif (
            self.local_government_id
            and self.local_government.kind != OrganisationKind.LOCAL_GOVERNMENT
        ):
            raise ValidationError(
                {"local_government": _("Choose an organisation of the kind local government.")}
            )

    def lineage_ids(self) -> list[int]:
        """This organisation and every organisation it is part of."""
        ids, node = [], self
        while node is not None and node.pk not in ids:
            ids.append(node.pk)
            node = node.parent
        return ids


class User(AbstractUser):
    """A person who signs in: city staff, VDAB staff, partner staff, aldermen."""

    organisations = models.ManyToManyField(
        Organisation, through="Membership", related_name="members", blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    function = models.CharField(_("function"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"

    @property
    def rank(self) -> int:
        return ROLE_RANK[Role(self.role)]
