"""Municipalities with their NIS codes, as valid over time (the 2019 and 2025 mergers)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )


class Municipality(models.Model):
    nis_code = models.CharField(_("NIS code"), max_length=5, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100, db_index=True)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    language_regime = models.CharField(_("language regime"), max_length=8, blank=True)
    arrondissement_nis = models.CharField(_("arrondissement NIS code"), max_length=5)
    arrondissement_name = models.CharField(_("arrondissement"), max_length=100)
    province_nis = models.CharField(_("province NIS code"), max_length=5, blank=True)
    province_name = models.CharField(_("province"), max_length=100, blank=True)
    region_nis = models.CharField(_("region NIS code"), max_length=5, blank=True)
    region_name = models.CharField(_("region"), max_length=100, blank=True)
    reference_region_code = models.CharField(_("reference region code"), max_length=12, blank=True)
    reference_region_name = models.CharField(_("reference region"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl", "nis_code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name_nl} ({self.nis_code})"


class AreaKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    REFERENCE_REGION = "reference_region", _("Reference region")
    GROUP = "group", _("Group of municipalities")


class AreaQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


class Area(models.Model):
    """Any area a figure is published for: a municipality under the code it had at the time
    (also the codes from before the 2019 and 2025 mergers), an arrondissement, a province, the
    Flemish Region, a reference region or a named group of municipalities."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices, db_index=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120, db_index=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="area",
    )
    members = models.ManyToManyField(
        "self",
        verbose_name=_("member municipalities"),
        symmetrical=False,
        blank=True,
        related_name="member_of",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name_nl", "code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.name_nl} ({self.code})"
