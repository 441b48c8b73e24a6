"""Choices of the indicator set: units, sources, periodicities, polarity, flags, dimensions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENTAGE = "percentage", _("Percentage")
    RATE_PER_1000 = "rate_per_1000", _("Rate per 1,000")
    EURO = "euro", _("Euro")
    DAYS = "days", _("Days")


#: Counts may be summed over areas (a group, today's borders); rates and shares never.
SUMMABLE_UNITS = {Unit.COUNT, Unit.EURO, Unit.DAYS}


class Source(models.TextChoices):
    ARVASTAT = "arvastat", _("VDAB Arvastat")
    INCIJFERS = "incijfers", _("provincies.incijfers.be")
    STATISTIEK_VLAANDEREN = "statistiek_vlaanderen", _("Statistiek Vlaanderen")
    OWN_REGISTRATION = "own_registration", _("Own registration")
    DEMO = "demo", _("Synthetic demo data")


class Periodicity(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither")


class Flag(models.TextChoices):
    NONE = "", _("Final")
    PROVISIONAL = "provisional", _("Provisional")
    ESTIMATE = "estimate", _("Estimate")
    SUPPRESSED = "suppressed", _("Suppressed for privacy")
    MISSING = "missing", _("Missing")


#: Markers in the exports of provincies.incijfers.be and Arvastat.
MARKER_FLAGS = {"x": Flag.SUPPRESSED, "-": Flag.MISSING, "?": Flag.MISSING, "": Flag.MISSING}


class Dimension(models.TextChoices):
    AGE_BAND = "age_band", _("Age band")
    GENDER = "gender", _("Gender")
    DURATION = "duration", _("Duration of unemployment")
    EDUCATION = "education", _("Education level")
    ORIGIN = "origin", _("Origin or nationality")


#: Categories of each dimension, as stored in Observation.breakdown ("age_band=18-24").
DIMENSION_CATEGORIES = {
    Dimension.AGE_BAND: ["<25", "25-49", "50+"],
    Dimension.GENDER: ["m", "f"],
    Dimension.DURATION: ["<1y", "1-2y", "2y+"],
    Dimension.EDUCATION: ["low", "medium", "high"],
    Dimension.ORIGIN: ["belgian", "eu", "non-eu"],
}


class ImportKind(models.TextChoices):
    LONG_CSV = "long_csv", _("Long CSV")
    WIDE_CSV = "wide_csv", _("Wide CSV (provincies.incijfers.be)")
    WIDE_XLSX = "wide_xlsx", _("Wide XLSX (provincies.incijfers.be)")
    ARVASTAT = "arvastat", _("Arvastat export")
    OWN_REGISTRATION = "own_registration", _("Own registration")
    DEMO = "demo", _("Synthetic demo data")
