"""Loading the reference geography shipped with the project.

The lists come from provincies.incijfers.be's area definitions and Statbel's REFNIS: the
municipalities valid 2019-2024 and those valid from 1 January 2025, when 27 codes merged.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
START_2019 = dt.date(2019, 1, 1)
START_2025 = dt.date(2025, 1, 1)
END_2024 = dt.date(2024, 12, 31)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines)


def municipalities_load(*, model) -> int:
    """Create or update every municipality from the shipped lists; returns how many there are.

    A code that continues after 2025 (also when it absorbed others, as Antwerpen did Borsbeek)
    stays one record; a code that disappeared ends on 31 December 2024 with its successor."""
    by_code: dict[str, object] = {}
    for row in _rows("municipalities-2019-2024.csv"):
        obj, _ = model.objects.update_or_create(
            nis_code=row["nis_2019_2024"],
            defaults={
                "name_nl": row["name_nl"],
                "name_fr": row["name_fr"],
                "language_regime": row["language_regime"],
                "arrondissement_nis": row["arrondissement_nis"],
                "arrondissement_name": row["arrondissement_nl"],
                "province_nis": row["province_nis"],
                "province_name": row["province_nl"],
                "valid_from": START_2019,
                "valid_to": None,
            },
        )
        by_code[obj.nis_code] = (obj, row["nis_2025"])
    for row in _rows("municipalities-2025.csv"):
        defaults = {
            "name_nl": row["name_nl"],
            "arrondissement_nis": row["arrondissement_nis"],
            "arrondissement_name": row["arrondissement_nl"],
            "province_nis": row["province_nis"],
            "province_name": row["province_nl"],
            "region_nis": row["gewest_nis"],
            "region_name": row["gewest_nl"],
            "reference_region_code": row["referentieregio_code"],
            "reference_region_name": row["referentieregio_nl"],
        }
        existing = by_code.get(row["nis_2025"])
        if existing is None:
            obj = model.objects.update_or_create(
                nis_code=row["nis_2025"], defaults={**defaults, "valid_from": START_2025}
            )[0]
            by_code[obj.nis_code] = (obj, obj.nis_code)
        else:
            model.objects.filter(pk=existing[0].pk).update(**defaults)
    for obj, successor_code in list(by_code.values()):
        if successor_code != obj.nis_code:
            successor = by_code[successor_code][0]
            model.objects.filter(pk=obj.pk).update(valid_to=END_2024, successor=successor)
    return model.objects.count()
