"""Importing agreements from the council's text or PDF: command, web upload, all or nothing."""

import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.urls import reverse

from lokaalwerk.agreements.models import Action, Agreement, AgreementImport
from lokaalwerk.agreements.services import agreement_import
from lokaalwerk.agreements.tests.pdf_fixtures import typeset_pdf
from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.core.testing import require_shared
from lokaalwerk.governance.models import Body

pytestmark = pytest.mark.django_db

SEED = "seed/mechelen-vdab-samenwerkingsovereenkomst-2021.txt"


@pytest.fixture
def seed_path():
    return require_shared(SEED)


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    """A command closes its database connections when it ends; the test still needs its own."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def _run(*argv) -> int:
    """The installed command as a user runs it: exit status, not exceptions."""
    try:
        execute_from_command_line(["lokaalwerk", *argv])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _counts():
    return (Agreement.objects.count(), Action.objects.count(), Body.objects.count())


def test_dry_run_prints_the_structure_and_writes_nothing(seed_path, capsys):
    assert _run("import-agreement", str(seed_path), "--dry-run", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["title"], data["start_date"], data["end_date"]) == (
        "Samen sterk voor lokaal werk in 2020-2025",
        "2021-03-01",
        "2025-12-31",
    )
    assert len(data["ambitions"]) == 3 and len(data["principles"]) == 10
    assert [len(t["domains"]) for t in data["themes"]] == [3, 1, 1]
    codes = [a["code"] for t in data["themes"] for d in t["domains"] for a in d["actions"]]
    assert len(codes) == 15
    assert {p["name"] for p in data["parties"]} == {
        "Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding (VDAB)",
        "stad Mechelen",
    }
    assert [(b["name"], b["kind"], b["min_meetings_per_year"]) for b in data["bodies"]] == [
        ("Stuurgroep Activering", "political_steering_group", 1),
        ("Stuurgroep stad Mechelen - VDAB", "operational_steering_group", 3),
    ]
    assert data["working_groups"] == [
        "jongeren",
        "sociale economie",
        "ESF-projecten",
        "mentor-projecten",
    ]
    assert _counts() == (0, 0, 0)


def test_importing_the_seed_twice_creates_one_agreement(seed_path, capsys):
    assert _run("import-agreement", str(seed_path)) == 0
    assert "Imported Samen sterk voor lokaal werk in 2020-2025" in capsys.readouterr().out
    first = _counts()
    assert first == (1, 15, 6)
    agreement = Agreement.objects.get()
    assert agreement.municipalities.get().nis_code == "12025"
    assert agreement.principles.count() == 10
    assert agreement.actions.get(code="2.1").items.count() == 4
    assert _run("import-agreement", str(seed_path)) == 0
    assert "Updated" in capsys.readouterr().out
    assert _counts() == first


def test_the_seed_updates_the_demo_agreement_in_place(seed_path, demo):
    call_command("import-agreement", str(seed_path))
    assert Agreement.objects.count() == 1
    demo.refresh_from_db()
    assert demo.actions.count() == 15
    # The council's own text now stands beside the team's short description.
    assert "jongerenconsulenten" in demo.actions.get(code="1.1").description


def test_a_pdf_of_the_seed_imports_the_same_plan(seed_path, tmp_path):
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(typeset_pdf(seed_path.read_text(encoding="utf-8")))
    assert _run("import-agreement", str(pdf)) == 0
    agreement = Agreement.objects.get()
    assert list(agreement.actions.values_list("code", flat=True))[-1] == "5.3"
    assert agreement.actions.get(code="2.1").title == (
        "Werken aan reële drempels naar de arbeidsmarkt toe"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a text file or a PDF"),
        (b"Een brief zonder enige structuur.\n" * 20, "found"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_writes_nothing(
    tmp_path, capsys, content, reason
):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    assert _run("import-agreement", str(path)) != 0
    error = capsys.readouterr().err.strip()
    assert reason.lower() in error.lower()
    assert len(error.splitlines()) == 1
    assert _counts() == (0, 0, 0)


def test_an_encrypted_pdf_is_refused(tmp_path, capsys):
    path = tmp_path / "secret.pdf"
    path.write_bytes(typeset_pdf("Actie 1.1 - Iets\n", password="geheim"))
    assert _run("import-agreement", str(path)) != 0
    assert "encrypted" in capsys.readouterr().err
    assert _counts() == (0, 0, 0)


def test_a_missing_file_is_reported(capsys):
    assert _run("import-agreement", "/nonexistent/agreement.txt") != 0
    assert "Cannot read" in capsys.readouterr().err


def test_a_failure_halfway_leaves_nothing_behind(seed_path):
    from lokaalwerk.agreements.importer import parse_agreement

    structure = parse_agreement(seed_path.read_text(encoding="utf-8"))
    structure["bodies"][0]["members"].append({"name": "Niemand", "organisation": "Onbekend"})
    with pytest.raises(Exception, match="no known organisation"):
        agreement_import(structure=structure)
    assert _counts() == (0, 0, 0)
    assert not AuditEvent.objects.exists()


def test_a_coordinator_uploads_checks_and_confirms(client, city_coordinator, seed_path):
    client.force_login(city_coordinator)
    with seed_path.open("rb") as handle:
        response = client.post(reverse("agreements:import"), {"file": handle})
    pending = AgreementImport.objects.get()
    assert response["Location"] == reverse("agreements:import-preview", args=[pending.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "Werken aan reële drempels naar de arbeidsmarkt toe" in preview
    assert "2.1.4" in preview
    assert Agreement.objects.count() == 0
    response = client.post(
        reverse("agreements:import-confirm", args=[pending.pk]), {"confirm": "1"}
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("agreements:detail", args=[agreement.slug])
    assert AuditEvent.objects.filter(action="agreement.imported", actor=city_coordinator).exists()
    # A second confirmation of the same upload does nothing.
    again = client.post(reverse("agreements:import-confirm", args=[pending.pk]), {"confirm": "1"})
    assert again.status_code == 404


def test_an_upload_that_is_not_an_agreement_says_why(client, city_coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(city_coordinator)
    upload = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    response = client.post(reverse("agreements:import"), {"file": upload})
    assert response.status_code == 200
    assert "not a text file or a PDF" in response.content.decode()
    assert AgreementImport.objects.count() == 0


def test_discarding_an_upload_writes_nothing(client, city_coordinator, seed_path):
    client.force_login(city_coordinator)
    with seed_path.open("rb") as handle:
        client.post(reverse("agreements:import"), {"file": handle})
    pending = AgreementImport.objects.get()
    client.post(reverse("agreements:import-confirm", args=[pending.pk]), {"discard": "1"})
    assert Agreement.objects.count() == 0


def test_another_coordinator_cannot_confirm_my_upload(
    client, city_coordinator, vdab_coordinator, seed_path
):
    client.force_login(city_coordinator)
    with seed_path.open("rb") as handle:
        client.post(reverse("agreements:import"), {"file": handle})
    pending = AgreementImport.objects.get()
    client.force_login(vdab_coordinator)
    response = client.post(reverse("agreements:import-confirm", args=[pending.pk]))
    assert response.status_code == 404
    assert Agreement.objects.count() == 0
