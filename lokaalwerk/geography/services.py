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


# --- Areas: every level a figure is published for ------------------------------------------

FLANDERS_CODE = "02000"
MECHELEN_REGION_CODE = "group-sociale-economie-mechelen"
MECHELEN_REGION_NAME = "Regio sociale economie Mechelen"
#: Action domain 1: the social-economy region around Mechelen (2025 codes).
MECHELEN_REGION_MEMBERS = [
    "12005",  # Bonheiden
    "12007",  # Bornem
    "12009",  # Duffel
    "12014",  # Heist-op-den-Berg
    "12021",  # Lier
    "12025",  # Mechelen
    "12029",  # Putte
    "12041",  # Puurs-Sint-Amands
    "12035",  # Sint-Katelijne-Waver
    "12040",  # Willebroek
]
#: Arrondissements of the Flemish Region and Brussels: municipality codes start with these.
_FLEMISH_AND_BRUSSELS_PREFIXES = ("1", "21", "23", "24", "3", "4", "7")


def _refnis_date(text: str) -> dt.date | None:
    day, month, year = (int(part) for part in text.split("/"))
    return None if year == 9999 else dt.date(year, month, day)


def _refnis_rows() -> Iterator[dict[str, str]]:
    with (DATA_DIR / "statbel-refnis-history.csv").open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter=";")


def _refnis_by_code() -> dict[str, dict[str, str]]:
    """One row per REFNIS code: a renamed code keeps its earliest start and its latest name."""
    refnis: dict[str, dict[str, str]] = {}
    for row in _refnis_rows():
        code, start = row["CD_REFNIS"], row["DT_VLDT_START"][-4:]
        earlier = refnis.get(code)
        if earlier is None:
            refnis[code] = {**row, "first_start": row["DT_VLDT_START"]}
        elif start > earlier["DT_VLDT_START"][-4:]:
            refnis[code] = {**row, "first_start": earlier["first_start"]}
        elif start < earlier["first_start"][-4:]:
            earlier["first_start"] = row["DT_VLDT_START"]
    return refnis


class _AreaWriter:
    def __init__(self, area_model):
        self.model = area_model
        self.areas: dict[str, object] = {}

    def put(self, code: str, **fields):
        obj, _ = self.model.objects.update_or_create(code=code, defaults=fields)
        self.areas[code] = obj
        return obj

    def levels(self, refnis) -> None:
        kinds = {"1": "region", "2": "province", "3": "arrondissement"}
        for level in ("1", "2", "3"):
            for code, row in refnis.items():
                if row["LVL_REFNIS"] == level:
                    self.put(
                        code,
                        kind=kinds[level],
                        name_nl=row["TX_REFNIS_NL"],
                        name_fr=row["TX_REFNIS_FR"],
                        valid_from=None,
                        valid_to=_refnis_date(row["DT_VLDT_END"]),
                        parent=self.areas.get(row["CD_SUP_REFNIS"]),
                    )

    def municipalities(self, municipality_model) -> None:
        for municipality in municipality_model.objects.order_by("valid_from", "nis_code"):
            self.put(
                municipality.nis_code,
                kind="municipality",
                name_nl=municipality.name_nl,
                name_fr=municipality.name_fr,
                valid_from=municipality.valid_from,
                valid_to=municipality.valid_to,
                parent=self.areas.get(municipality.arrondissement_nis),
                municipality=municipality,
            )
        for municipality in municipality_model.objects.filter(successor__isnull=False):
            self.model.objects.filter(code=municipality.nis_code).update(
                successor=self.areas[municipality.successor.nis_code]
            )

    def before_2019(self, refnis) -> None:
        mergers = {
            r["nis_until_2018"]: r["nis_from_2019"] for r in _rows("refnis-mergers-2019.csv")
        }
        for code, row in refnis.items():
            if row["LVL_REFNIS"] != "4" or code in self.areas:
                continue
            if not code.startswith(_FLEMISH_AND_BRUSSELS_PREFIXES):
                continue
            # The history predates 2019: a code still open there ended with the 2019 mergers.
            end = _refnis_date(row["DT_VLDT_END"]) or (START_2019 - dt.timedelta(days=1))
            self.put(
                code,
                kind="municipality",
                name_nl=row["TX_REFNIS_NL"],
                name_fr=row["TX_REFNIS_FR"],
                valid_from=_refnis_date(row["first_start"]),
                valid_to=end,
                parent=self.areas.get(row["CD_SUP_REFNIS"]),
                successor=self.areas.get(mergers.get(code, "")),
            )

    def groups(self) -> None:
        flanders = self.areas.get(FLANDERS_CODE)
        reference_regions: dict[str, list[str]] = {}
        for row in _rows("municipalities-2025.csv"):
            if row["referentieregio_code"]:
                self.put(
                    row["referentieregio_code"],
                    kind="reference_region",
                    name_nl=row["referentieregio_nl"],
                    parent=flanders,
                )
                reference_regions.setdefault(row["referentieregio_code"], []).append(
                    row["nis_2025"]
                )
        for code, members in reference_regions.items():
            self.areas[code].members.set([self.areas[m] for m in members])
        group = self.put(
            MECHELEN_REGION_CODE, kind="group", name_nl=MECHELEN_REGION_NAME, parent=flanders
        )
        group.members.set([self.areas[code] for code in MECHELEN_REGION_MEMBERS])


def areas_load(*, area_model, municipality_model) -> int:
    """Create or update every area from the shipped lists; returns how many there are.

    Regions, provinces and arrondissements come from Statbel's REFNIS history; the
    municipalities of 2019-2024 and 2025 mirror ``Municipality``; the municipality codes that
    ended before 2019 keep their validity and, for the 2019 mergers, their successor. Reference
    regions and the social-economy region of Mechelen group the 2025 municipalities."""
    refnis = _refnis_by_code()
    writer = _AreaWriter(area_model)
    writer.levels(refnis)
    writer.municipalities(municipality_model)
    writer.before_2019(refnis)
    writer.groups()
    return area_model.objects.count()
