"""Synthetic demo figures: realistic monthly series for the ten municipalities of Mechelen's
social-economy region and for Flanders, seeded so every run gives the same numbers, marked
"synthetic demo data" on every chart. Real figures come in with ``import-observations``."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.db import transaction

from lokaalwerk.agreements.models import Action
from lokaalwerk.geography.models import Area, Municipality
from lokaalwerk.geography.services import FLANDERS_CODE, MECHELEN_REGION_CODE, areas_load

from .constants import DIMENSION_CATEGORIES, Dimension, ImportKind
from .models import ImportBatch, Indicator, Observation, Target
from .services import aggregates_refresh, indicator_set_load

SEED = 20210625
FIRST_MONTH = dt.date(2016, 1, 1)
MONTHS = 120
BREAKDOWN_MONTHS = 24  # breakdowns for the last two years keep the demo quick to load
DEMO_FILENAME = "synthetic-demo-data"
#: Rough labour force 18-64 per municipality (order of magnitude of the real figures).
LABOUR_FORCE = {
    "12005": 7800, "12007": 10300, "12009": 8800, "12014": 19500, "12021": 17600,
    "12025": 39000, "12029": 8100, "12041": 12200, "12035": 10600, "12040": 12600,
    FLANDERS_CODE: 3_050_000,
}  # fmt: skip
SHARES = {
    Dimension.AGE_BAND: [0.19, 0.55, 0.26],
    Dimension.GENDER: [0.53, 0.47],
    Dimension.DURATION: [0.55, 0.2, 0.25],
    Dimension.EDUCATION: [0.45, 0.35, 0.2],
    Dimension.ORIGIN: [0.55, 0.12, 0.33],
}


def _month(index: int) -> dt.date:
    return dt.date(FIRST_MONTH.year + index // 12, index % 12 + 1, 1)


def _rate(rng: random.Random, code: str, index: int) -> float:
    """A job seeker rate with a slow decline, a covid bump in 2020 and a seasonal summer peak."""
    base = (
        0.125 if code == "12025" else (0.075 if code == FLANDERS_CODE else rng.uniform(0.05, 0.09))
    )
    year = index / 12
    trend = 1 - 0.025 * year
    covid = 1.12 if 50 <= index <= 62 else 1.0
    season = 1 + 0.05 * math.sin((index % 12 - 5) / 12 * 2 * math.pi)
    return base * trend * covid * season


def demo_load() -> None:
    """Idempotent: a second run rewrites the same synthetic figures and creates nothing twice."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    if not {"wzw", "wzw-jongeren", "beroepsbevolking-18-64"} <= set(indicators):
        indicator_set_load()  # a flushed database lost the migration's indicator set
        indicators = {i.code: i for i in Indicator.objects.all()}
    areas = {a.code: a for a in Area.objects.filter(code__in=[*LABOUR_FORCE, MECHELEN_REGION_CODE])}
    if len(areas) <= len(LABOUR_FORCE):
        # A flushed database (transactional tests) has municipalities but no areas yet.
        areas_load(area_model=Area, municipality_model=Municipality)
        areas = {
            a.code: a for a in Area.objects.filter(code__in=[*LABOUR_FORCE, MECHELEN_REGION_CODE])
        }
    with transaction.atomic():
        batch, _ = ImportBatch.objects.get_or_create(
            filename=DEMO_FILENAME,
            kind=ImportKind.DEMO,
            defaults={"source_note": "seeded synthetic series"},
        )
        Observation.objects.filter(batch=batch).delete()
        Observation.objects.bulk_create(_observations(indicators, areas, batch), batch_size=2000)
        action = Action.objects.filter(
            agreement__slug="stad-mechelen-2021-2025", code="1.2"
        ).first()
        youth = indicators["wzw-jongeren"]
        group = areas[MECHELEN_REGION_CODE]
        for year, value in ((2021, 1450), (2022, 1400), (2023, 1350), (2024, 1300), (2025, 1250)):
            Target.objects.update_or_create(
                indicator=youth,
                area=group,
                year=year,
                defaults={"value": Decimal(value), "action": action, "note": "Actie 1.2"},
            )
        if action is not None:
            youth.actions.add(action)
            indicators["wzw"].actions.add(action)
        aggregates_refresh()


def _observations(indicators, areas, batch):
    rng = random.Random(SEED)  # noqa: S311 - demo numbers, not security
    for code, labour_force in LABOUR_FORCE.items():
        area = areas[code]
        force = labour_force
        for index in range(MONTHS):
            period = _month(index)
            if period.month == 1:
                force = round(labour_force * (1 + 0.004 * (period.year - FIRST_MONTH.year)))
                yield Observation(
                    indicator=indicators["beroepsbevolking-18-64"],
                    area=area,
                    period_start=period,
                    value=Decimal(force),
                    batch=batch,
                )
            seekers = round(force * _rate(rng, code, index) * rng.uniform(0.97, 1.03))
            youth = round(seekers * rng.uniform(0.17, 0.21))
            long_term = round(seekers * rng.uniform(0.22, 0.28))
            vacancies = round(force * rng.uniform(0.009, 0.014))
            for indicator_code, value in (
                ("wzw", seekers),
                ("wzw-18-64", round(seekers * 0.97)),
                ("wzw-jongeren", youth),
                ("wzw-langdurig", long_term),
                ("vacatures", vacancies),
            ):
                yield Observation(
                    indicator=indicators[indicator_code],
                    area=area,
                    period_start=period,
                    value=Decimal(value),
                    batch=batch,
                )
            if index < MONTHS - BREAKDOWN_MONTHS:
                continue
            for dimension, shares in SHARES.items():
                for category, share in zip(DIMENSION_CATEGORIES[dimension], shares, strict=True):
                    yield Observation(
                        indicator=indicators["wzw"],
                        area=area,
                        period_start=period,
                        breakdown=f"{dimension.value}={category}",
                        value=Decimal(round(seekers * share * rng.uniform(0.95, 1.05))),
                        batch=batch,
                    )
