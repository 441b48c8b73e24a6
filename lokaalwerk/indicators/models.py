"""The indicator set, observations per area and period, targets and import batches.

DHIS2 keeps data values per data element × org unit × period × category option combo; an
``Observation`` is the same idea with a NIS-coded ``Area`` and a canonical ``breakdown``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.models import TimeStampedModel

from .constants import (
    SUMMABLE_UNITS,
    Flag,
    ImportKind,
    Periodicity,
    Polarity,
    Source,
    Unit,
)


class Indicator(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.COUNT)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    periodicity = models.CharField(
        _("periodicity"), max_length=10, choices=Periodicity.choices, default=Periodicity.MONTH
    )
    polarity = models.CharField(
        _("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    dimensions = models.JSONField(_("disaggregations"), default=list, blank=True)
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    factor = models.DecimalField(_("factor"), max_digits=10, decimal_places=2, default=1)
    is_youth = models.BooleanField(_("youth indicator"), default=False)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)
    actions = models.ManyToManyField(
        "agreements.Action",
        verbose_name=_("actions"),
        blank=True,
        related_name="indicators",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True, denominator__isnull=True)
                | models.Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_computed_has_both_terms",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        if (get_language() or "nl").startswith("en") and self.name_en:
            return self.name_en
        return self.name_nl

    @property
    def is_computed(self) -> bool:
        return self.numerator_id is not None

    @property
    def is_summable(self) -> bool:
        return self.unit in SUMMABLE_UNITS and not self.is_computed


class IndicatorAlias(models.Model):
    """A name under which an export publishes the indicator (matched case- and accent-blind)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name in exports"), max_length=300)
    key = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        verbose_name = _("indicator alias")
        verbose_name_plural = _("indicator aliases")

    def __str__(self) -> str:
        return self.name


class IndicatorVersion(models.Model):
    """A definition in force from a date; a break marks a series that is not comparable across
    it (the NWWZ count became the WZW count)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("valid from"))
    label = models.CharField(_("label"), max_length=120)
    definition = models.TextField(_("definition"), blank=True)
    is_break = models.BooleanField(_("break in series"), default=False)

    class Meta:
        ordering = ["indicator", "valid_from"]
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "valid_from"], name="indicator_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.label} ({self.valid_from})"


class ImportBatch(TimeStampedModel):
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d})"


class Observation(models.Model):
    """One published figure. ``breakdown`` is "" for the total or "dimension=category;..." in
    dimension order, so the natural key is one index."""

    # The fact table keeps its references without database constraints: the services only write
    # ids they resolved from stored rows, Django's on_delete still cascades and protects, and a
    # million-row import does not queue three million deferred referential checks (ADR 0051).
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        db_constraint=False,
    )
    area = models.ForeignKey(
        "geography.Area",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,  # the natural key's unique index starts with the area
    )
    period_start = models.DateField(_("period start"))
    breakdown = models.CharField(_("disaggregation"), max_length=200, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    flag = models.CharField(_("flag"), max_length=12, choices=Flag.choices, blank=True, default="")
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    derived = models.BooleanField(
        _("derived"),
        default=False,
        db_default=False,
        help_text=_("Summed over a group's members by the platform, not published."),
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "indicator", "period_start", "breakdown"],
                name="observation_natural_key",
            )
        ]
        indexes = [
            # Totals answer the comparisons (region, Flanders) and key figures: a partial,
            # covering index reads them without the disaggregated rows.
            models.Index(
                fields=["area", "indicator", "period_start"],
                include=["value", "flag", "updated_at", "batch"],
                condition=models.Q(breakdown=""),
                name="observation_totals",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.area_id} {self.period_start}: {self.value}"


class Target(TimeStampedModel):
    """What the partners aim for on an indicator in an area for a year, tied to the action that
    pursues it (Action 1.2 follows the youth job seekers)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey("geography.Area", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    action = models.ForeignKey(
        "agreements.Action",
        verbose_name=_("action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "area", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "year"], name="target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area.code} {self.year}: {self.value}"
