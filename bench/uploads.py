"""Benchmark of reading uploads: what a small file that unpacks to much costs, before and after
the streaming readers (docs/adr/0091). Each case is measured against its baseline in the same
run, so the ratios hold on any machine:

1. a figures workbook in the layout of provincies.incijfers.be (about 90 KB on disk): the old
   way (openpyxl's full mode, the whole workbook in memory, then every row) against the
   importer's reader (read-only mode, row after row); time and peak Python memory;
2. a vacancy workbook of 200,000 rows (a few hundred KB on disk, written in write-only mode):
   reading every row in read-only mode and then counting (the old check) against the reader
   that stops at the row limit; time and rows parsed;
3. a vacancy CSV of 36 MB: reading it whole (``.read()`` and ``csv`` over the text) against the
   streaming reader that stops at the row limit; time and peak memory.

Memory is what Python allocates (tracemalloc): the parsers' own buffers come on top, the same
for both sides. Run: ``.venv/bin/python bench/uploads.py`` (no database needed; a minute or two).
"""

from __future__ import annotations

import csv
import gc
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.worksheet._reader import WorkSheetParser  # noqa: E402

VACANCY_HEADER = [
    "reference",
    "employer",
    "municipality",
    "title",
    "hours_per_week",
    "indication_required",
    "posted_on",
    "expires_on",
]


def measure(work) -> tuple[float, float, object]:
    """Seconds (best of two plain runs) and peak Python memory in MB (a third run, traced: the
    tracing slows it down), and what it returned."""
    times = []
    for _ in range(2):
        gc.collect()
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    return min(times), peak, result


def figures_workbook() -> bytes:
    """300 municipalities × 8 indicators × 10 years, names in merged cells over their years."""
    book = Workbook()
    sheet = book.active
    names = ["", *[name for n in range(8) for name in [f"Indicator {n}"] + [None] * 9]]
    sheet.append(names)
    for n in range(8):
        sheet.merge_cells(start_row=1, start_column=2 + 10 * n, end_row=1, end_column=11 + 10 * n)
    sheet.append(["gemeenten", *[year for _ in range(8) for year in range(2015, 2025)]])
    for row in range(300):
        sheet.append([f"Gemeente {row}", *[(row * 7 + col) % 1000 for col in range(80)]])
    sheet.append([])
    sheet.append(["Bron: provincies.incijfers.be"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def old_figures_read(data: bytes) -> int:
    """The reader before: the workbook loaded whole (openpyxl's full mode, as merged cells and
    random access need), then the same parsing of its rows into figures."""
    from lokaalwerk.indicators.importers import RawValue, _read_wide_rows, parse_period

    book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    sheet = book.worksheets[0]
    merged = {}
    for rng in sheet.merged_cells.ranges:
        for col in range(rng.min_col, rng.max_col + 1):
            merged[(rng.min_row, col)] = sheet.cell(rng.min_row, rng.min_col).value
    names = [merged.get((1, col), sheet.cell(1, col).value) for col in range(1, 82)]
    columns = [
        (col - 1, f"{names[col - 1]}|{year}", names[col - 1], parse_period(str(year)))
        for col in range(2, sheet.max_column + 1)
        if (year := sheet.cell(2, col).value) not in (None, "")
    ]
    rows = (
        (number, [c.value for c in row])
        for number, row in enumerate(sheet.iter_rows(min_row=3), start=3)
    )
    return sum(1 for item in _read_wide_rows(rows, columns) if isinstance(item, RawValue))


def new_figures_read(data: bytes) -> int:
    from lokaalwerk.indicators.importers import RawValue, read_file

    parsed = read_file(data, filename="f.xlsx")
    return sum(1 for item in parsed.values if isinstance(item, RawValue))


def vacancy_workbook(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(VACANCY_HEADER)
    for n in range(rows):
        sheet.append([n, "Werkplaats", "Mechelen", "Job", 30, "ja", "2026-11-01", "x"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def old_vacancy_read(data: bytes) -> int:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    records = [row for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    return len(records)


def new_vacancy_read(data, name: str) -> str:
    from lokaalwerk.catalogue.services import VacancyImportError
    from lokaalwerk.catalogue.vacancy_files import read_vacancy_rows

    try:
        read_vacancy_rows(name, data)
    except VacancyImportError as exc:
        return str(exc)
    return "read"


def vacancy_csv(size: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(VACANCY_HEADER)
    n = 0
    while buffer.tell() < size:
        writer.writerow([f"SE-{n}", "Werkplaats", "Mechelen", "Job", "30", "ja", "2026-11-01", ""])
        n += 1
    return buffer.getvalue().encode()


def old_csv_read(data: bytes) -> int:
    text = io.BytesIO(data).read().decode("utf-8-sig")
    return len(list(csv.DictReader(io.StringIO(text))))


def counted_parse(work):
    """``measure`` and the rows openpyxl parsed in one run."""
    parsed = [0]
    original = WorkSheetParser.parse_row

    def counting(self, row):
        parsed[0] += 1
        return original(self, row)

    WorkSheetParser.parse_row = counting
    try:
        work()
    finally:
        WorkSheetParser.parse_row = original
    return (*measure(work), parsed[0])


def report(title: str, old, new, extra: str = "") -> None:
    print(f"\n{title}")
    print(f"  baseline: {old[0]:8.3f} s  peak {old[1]:8.1f} MB")
    print(f"  readers:  {new[0]:8.3f} s  peak {new[1]:8.1f} MB")
    memory = old[1] / max(new[1], 0.01)
    print(f"  ratio:    {old[0] / new[0]:8.1f}× faster, {memory:.1f}× less memory")
    if extra:
        print(f"  {extra}")


def main() -> None:
    figures = figures_workbook()
    print(f"figures workbook: {len(figures) / 1024:.0f} KB on disk")
    old = measure(lambda: old_figures_read(figures))
    new = measure(lambda: new_figures_read(figures))
    assert new[2] == 300 * 80, new[2]
    report("1. figures workbook (incijfers layout)", old, new, f"{new[2]} figures read by both")

    workbook = vacancy_workbook(200_000)
    print(f"\nvacancy workbook: 200,000 rows, {len(workbook) / 1024:.0f} KB on disk")
    old = counted_parse(lambda: old_vacancy_read(workbook))
    new = counted_parse(lambda: new_vacancy_read(workbook, "v.xlsx"))
    assert "5.000" in new[2] or "5,000" in new[2], new[2]
    report(
        "2. vacancy workbook past the row limit",
        old,
        new,
        f"rows parsed: {old[3]} before, {new[3]} now",
    )

    big = vacancy_csv(36 * 1024 * 1024)
    print(f"\nvacancy CSV: {len(big) / 1024 / 1024:.0f} MB")
    old = measure(lambda: old_csv_read(big))
    new = measure(lambda: new_vacancy_read(io.BytesIO(big), "v.csv"))
    report("3. vacancy CSV past the row limit", old, new)


if __name__ == "__main__":
    main()
