"""Every spreadsheet a person downloads shows a stored text as text, never as a formula.

Each export below stores a text that a spreadsheet would run (OWASP "CSV Injection") in a field
it writes, downloads the file as a user does and reads it back: in a CSV the cell starts with an
apostrophe, in an XLSX the cell is a string and no cell anywhere is a formula, and numbers stay
numbers (a negative figure is not a formula and gets no apostrophe). The exports that are also
imported read such a file back as what was stored, and no module writes a spreadsheet by itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

import lokaalwerk
from lokaalwerk.agreements.models import Action, ActionDomain, Agreement, Theme
from lokaalwerk.agreements.tests.factories import AgreementFactory
from lokaalwerk.catalogue import services as catalogue_services
from lokaalwerk.catalogue.constants import InclusionStatus
from lokaalwerk.catalogue.models import Vacancy
from lokaalwerk.catalogue.tests.factories import OfferFactory, TargetGroupFactory, VacancyFactory
from lokaalwerk.geography.models import Area
from lokaalwerk.indicators.models import Indicator, Observation
from lokaalwerk.results import spreadsheets
from lokaalwerk.results.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory
from lokaalwerk.screening.models import TokenUpload
from lokaalwerk.screening.tests.factories import ScreeningRoundFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1+1",
]
#: What a spreadsheet reads as the start of a formula; written out here, not imported, so the
#: test does not lean on the code it checks.
LEADS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Download:
    user: object
    url: str
    #: (column header, the number that must come out as a number) or None.
    number: tuple[str, Decimal] | None = None


def _plan(request, payload: str, fmt: str) -> Download:
    coordinator = request.getfixturevalue("city_coordinator")
    agreement = AgreementFactory(
        slug="formules", start_date=dt.date(2021, 1, 1), end_date=dt.date(2040, 12, 31)
    )
    theme = Theme.objects.create(agreement=agreement, number=1, title=payload)
    domain = ActionDomain.objects.create(agreement=agreement, theme=theme, number=1, title=payload)
    action = Action.objects.create(
        agreement=agreement,
        domain=domain,
        code="1.1",
        title=payload,
        description=payload,
        description_en=payload,
        lead_organisation=request.getfixturevalue("vdab"),
    )
    ProgressUpdateFactory(
        action=action,
        period=ReportingPeriodFactory(agreement=agreement),
        progress=30,
        note=payload,
        narrative=payload,
    )
    url = reverse("results:export", args=[agreement.slug, fmt])
    return Download(coordinator, url, ("progress", Decimal(30)))


def _vacancies(request, payload: str, fmt: str) -> Download:
    VacancyFactory(
        reference="SE-1",
        employer=payload,
        title=payload,
        description=payload,
        conditions=payload,
        hours_per_week=Decimal("19.5"),
    )
    url = reverse("catalogue:vacancy-export") + ("?format=xlsx" if fmt == "xlsx" else "")
    return Download(
        request.getfixturevalue("city_coordinator"), url, ("hours_per_week", Decimal("19.5"))
    )


def _inclusion_report(request, payload: str, fmt: str) -> Download:
    coordinator = request.getfixturevalue("city_coordinator")
    group = TargetGroupFactory(code="formule", name=payload)
    offer = OfferFactory(provider=request.getfixturevalue("vdab"), name=payload, slug="formule")
    catalogue_services.inclusion_decide(
        actor=coordinator,
        offer=offer,
        target_group=group,
        status=InclusionStatus.KEEP_CLOSED,
        reason=f"{payload} (reden)",
    )
    return Download(coordinator, reverse("catalogue:inclusion-report") + "?format=csv")


def _indicator_series(request, payload: str, fmt: str) -> Download:
    # The municipality is compared with its region, whose name heads a column.
    region = Area.objects.get(code="group-sociale-economie-mechelen")
    region.name_nl = payload
    region.save()
    indicator = Indicator.objects.create(code="formule-test", name_nl="Test", source="arvastat")
    for area, value in [(Area.objects.get(code="12025"), "-3.5"), (region, "7")]:
        Observation.objects.create(
            indicator=indicator, area=area, period_start=dt.date(2024, 1, 1), value=Decimal(value)
        )
    url = reverse("indicators:series-csv", args=["12025", indicator.code])
    return Download(request.getfixturevalue("partner_staff"), url, ("value", Decimal("-3.5")))


def _screening_result(request, payload: str, fmt: str) -> Download:
    school, vdab = request.getfixturevalue("school"), request.getfixturevalue("vdab")
    screening_round = ScreeningRoundFactory(open=True, organisations=[school, vdab])
    TokenUpload.objects.create(
        round=screening_round,
        organisation=school,
        record_count=2,
        with_number_count=0,
        key_check="test",
        tokens={"records": [{"id": payload}, {"id": "S-2"}]},
        found={payload: ["vdab"]},
    )
    url = reverse("screening:result-download", args=[screening_round.pk, school.slug])
    return Download(request.getfixturevalue("school_staff"), url)


EXPORTS = {
    "plan-csv": (_plan, "csv"),
    "plan-xlsx": (_plan, "xlsx"),
    "plan-decidim-csv": (_plan, "decidim"),
    "vacancies-csv": (_vacancies, "csv"),
    "vacancies-xlsx": (_vacancies, "xlsx"),
    "inclusion-report-csv": (_inclusion_report, "csv"),
    "indicator-series-csv": (_indicator_series, "csv"),
    "screening-result-csv": (_screening_result, "csv"),
}


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _check_csv(body: bytes, payload: str, number) -> None:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert "'" + payload in cells, f"{payload!r} is not written as text"
    running = [c for c in cells if c.startswith(LEADS) and not _is_number(c)]
    assert running == [], "cells a spreadsheet would run as a formula"
    if number:
        column, expected = number
        values = [row[rows[0].index(column)] for row in rows[1:]]
        assert any(
            not v.startswith("'") and _is_number(v) and Decimal(v) == expected for v in values
        ), f"{column}: {values}"


def _check_xlsx(body: bytes, payload: str, number) -> None:
    book = load_workbook(io.BytesIO(body))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == [], "formula cells"
    written = [c for c in cells if c.value == payload]
    assert written, f"{payload!r} is not in the workbook"
    assert all(c.data_type == "s" for c in written)
    # Excel's quote prefix keeps the cell text when someone edits it later.
    assert all(c.quotePrefix for c in written)
    if number:
        column, expected = number
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        values = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
        assert any(
            c.data_type == "n" and isinstance(c.value, int | float) and c.value == expected
            for c in values
        ), f"{column}: {[(c.value, c.data_type) for c in values]}"


@pytest.mark.parametrize("payload", PAYLOADS, ids=["hyperlink", "plus", "minus", "at", "tab"])
@pytest.mark.parametrize("export", list(EXPORTS))
def test_a_stored_formula_is_downloaded_as_text(request, client, export, payload):
    make, fmt = EXPORTS[export]
    download = make(request, payload, fmt)
    client.force_login(download.user)
    response = client.get(download.url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "xlsx":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        _check_xlsx(response.content, payload, download.number)
    else:
        assert response["Content-Type"].startswith("text/csv")
        _check_csv(response.content, payload, download.number)


#: Exports that are also read back, with the import that reads them.
ROUND_TRIPS = ["plan-csv", "plan-xlsx", "plan-decidim-csv", "vacancies-csv", "vacancies-xlsx"]


def _import(export: str, download: Download, body: bytes):
    """Load the downloaded file again; return the title it stored."""
    fmt = EXPORTS[export][1]
    if export.startswith("plan"):
        agreement = Agreement.objects.get(slug="formules")
        kind = "decidim" if fmt == "decidim" else "plan"
        filename = "plan.xlsx" if fmt == "xlsx" else "plan.csv"
        preview = spreadsheets.import_preview(
            agreement=agreement, data=body, filename=filename, kind=kind
        )
        # Only the title was changed since the export; every other text reads back as stored.
        assert [(r.code, [f[0] for f in r.fields]) for r in preview.changed] == [
            ("1.1", ["title"])
        ], preview.error_lines()
        spreadsheets.import_apply(
            actor=download.user, agreement=agreement, data=body, filename=filename, kind=kind
        )
        return Action.objects.get(agreement=agreement, code="1.1").title
    report = catalogue_services.vacancies_import(
        actor=download.user, file_name=f"vacancies.{fmt}", data=body, dry_run=False
    )
    assert report.ok, [r.errors for r in report.rows]
    vacancy = Vacancy.objects.get(reference="SE-1")
    assert vacancy.description == vacancy.conditions == vacancy.title
    return vacancy.title


@pytest.mark.parametrize(
    "payload",
    ['=HYPERLINK("http://evil.example","x")', "+1", "-1+2", "@SUM(A1)", "'=SUM(1)", "'quote"],
    ids=["hyperlink", "plus", "minus", "at", "quoted-formula", "quoted-text"],
)
@pytest.mark.parametrize("export", ROUND_TRIPS)
def test_an_export_imports_back_as_stored(request, client, export, payload):
    make, fmt = EXPORTS[export]
    download = make(request, payload, fmt)
    client.force_login(download.user)
    body = client.get(download.url).content
    if export.startswith("plan"):
        Action.objects.filter(code="1.1").update(title="Anders")
    else:
        Vacancy.objects.update(title="Anders", description="Anders", conditions="Anders")
    assert _import(export, download, body) == payload


def test_no_spreadsheet_is_written_outside_the_shared_module():
    """A CSV or XLSX writer made anywhere else would skip the rule above."""
    root = Path(lokaalwerk.__file__).parent
    shared = root / "core" / "spreadsheets.py"
    writer = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|\bopenpyxl import .*Workbook\b")
    elsewhere = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.parts
        and path != shared
        and writer.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []
