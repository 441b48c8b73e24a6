"""A whole round: approve, two partners upload, link, each reads only its own result, close."""

import json
import re

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.screening import services
from lokaalwerk.screening.constants import RoundStatus
from lokaalwerk.screening.models import TokenUpload

from .conftest import tokens_for
from .factories import ScreeningRoundFactory


def _token_file(persons, name="tokens.json"):
    return SimpleUploadedFile(name, json.dumps(tokens_for(persons)).encode(), "application/json")


def _run_round(client, school, vdab, school_staff, vdab_staff, city_coordinator, dpo, lists):
    list_a, list_b, truth = lists
    screening_round = ScreeningRoundFactory(organisations=[school, vdab])
    client.force_login(dpo)
    response = client.post(reverse("screening:approve", args=[screening_round.pk]))
    assert response.status_code == 302
    client.force_login(school_staff)
    response = client.post(
        reverse("screening:upload", args=[screening_round.pk]),
        {"organisation": school.pk, "file": _token_file(list_a)},
    )
    assert response.status_code == 302, response.content
    client.force_login(vdab_staff)
    response = client.post(
        f"/api/v1/screening-rounds/{screening_round.pk}/uploads/",
        {"organisation": "vdab", "tokens": tokens_for(list_b)},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    client.force_login(city_coordinator)
    # The coordinator of the city participates through the school? No: give the city a seat.
    screening_round.organisations.add(city_coordinator.memberships.first().organisation)
    response = client.post(reverse("screening:link", args=[screening_round.pk]))
    assert response.status_code == 302
    screening_round.refresh_from_db()
    return screening_round, truth


def test_each_partner_gets_back_only_which_of_its_own_records_were_found(
    client,
    school,
    vdab,
    school_staff,
    vdab_staff,
    city_coordinator,
    data_protection_officer,
    two_lists,
):
    screening_round, truth = _run_round(
        client,
        school,
        vdab,
        school_staff,
        vdab_staff,
        city_coordinator,
        data_protection_officer,
        two_lists,
    )
    assert screening_round.status == RoundStatus.LINKED
    list_a, list_b, _ = two_lists

    client.force_login(school_staff)
    page = client.get(reverse("screening:result", args=[screening_round.pk, "school-test"]))
    assert page.status_code == 200
    school_upload = TokenUpload.objects.get(round=screening_round, organisation=school)
    found_a = {rid for rid, where in services.result_rows(school_upload) if where}
    assert found_a == set(truth)
    body = page.content.decode()
    assert all(rid in body for rid in found_a)
    assert "B-0" not in body  # nothing of VDAB's own ids
    # The school may not read VDAB's result.
    other = client.get(reverse("screening:result", args=[screening_round.pk, "vdab"]))
    assert other.status_code == 404

    client.force_login(vdab_staff)
    api = client.get(
        f"/api/v1/screening-rounds/{screening_round.pk}/result/", {"organisation": "vdab"}
    )
    assert api.status_code == 200
    assert set(api.json()["found"]) == set(truth.values())
    assert all(where == ["school-test"] for where in api.json()["found"].values())
    assert len(api.json()["not_found"]) == len(list_b) - len(truth)
    download = client.get(reverse("screening:result-download", args=[screening_round.pk, "vdab"]))
    assert download["Content-Type"].startswith("text/csv")
    assert download.content.decode().count("\n") == len(list_b) + 1

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "screening_round.approved",
        "screening.tokens_uploaded",
        "screening_round.linked",
        "screening.result_viewed",
        "screening.result_downloaded",
    } <= actions


def test_the_steering_group_reads_counts_with_small_numbers_suppressed(
    client,
    school,
    vdab,
    school_staff,
    vdab_staff,
    city_coordinator,
    data_protection_officer,
    alderman,
    two_lists,
):
    screening_round, truth = _run_round(
        client,
        school,
        vdab,
        school_staff,
        vdab_staff,
        city_coordinator,
        data_protection_officer,
        two_lists,
    )
    client.force_login(alderman)
    page = client.get(reverse("screening:counts", args=[screening_round.pk]))
    assert page.status_code == 200
    lists = {row["organisation"]: row for row in screening_round.counts["lists"]}
    assert lists["school-test"]["only_here"] == 120 - len(truth)
    pair = screening_round.counts["pairs"][0]
    assert pair["both"] == len(truth)
    assert f">{len(truth)}<" in page.content.decode()
    # A partner's contributor reads results, not the steering group's counts.
    client.force_login(school_staff)
    assert client.get(reverse("screening:counts", args=[screening_round.pk])).status_code == 403


def _text_columns():
    for model in apps.get_models():
        fields = [
            f.column
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if fields:
            yield model, fields


def _database_text() -> list[str]:
    texts = []
    for model, columns in _text_columns():
        for row in model.objects.values_list(*[c for c in columns if c]):
            texts.extend(json.dumps(v) if not isinstance(v, str) else v for v in row if v)
    return texts


def test_no_raw_name_or_register_number_from_a_screening_is_stored_anywhere(
    client,
    school,
    vdab,
    school_staff,
    vdab_staff,
    city_coordinator,
    data_protection_officer,
    two_lists,
):
    list_a, list_b, _ = two_lists
    words_before = {w.casefold() for t in _database_text() for w in re.split(r"[^\w]+", t)}
    _run_round(
        client,
        school,
        vdab,
        school_staff,
        vdab_staff,
        city_coordinator,
        data_protection_officer,
        two_lists,
    )
    texts = _database_text()
    assert any("clk" in t for t in texts)  # the scan does see the tokens
    numbers = {p.insz for p in list_a + list_b if p.insz}
    digits = "\n".join(re.sub(r"\D", " ", t) for t in texts)
    assert not [n for n in numbers if n in digits]
    name_words = {
        w.casefold()
        for p in list_a + list_b
        for w in re.split(r"[^\w]+", f"{p.first_name} {p.last_name}")
        if len(w) >= 3
    }
    words_after = {w.casefold() for t in texts for w in re.split(r"[^\w]+", t)}
    assert not (words_after - words_before) & name_words
    birth_dates = {p.birth_date.isoformat() for p in list_a + list_b}
    assert not [d for d in birth_dates if any(d in t for t in texts)]


def test_closing_deletes_tokens_and_results_and_keeps_the_counts(
    client,
    school,
    vdab,
    school_staff,
    vdab_staff,
    city_coordinator,
    data_protection_officer,
    two_lists,
):
    screening_round, truth = _run_round(
        client,
        school,
        vdab,
        school_staff,
        vdab_staff,
        city_coordinator,
        data_protection_officer,
        two_lists,
    )
    client.force_login(city_coordinator)
    client.post(reverse("screening:close", args=[screening_round.pk]))
    screening_round.refresh_from_db()
    assert screening_round.status == RoundStatus.CLOSED
    assert screening_round.counts["pairs"][0]["both"] == len(truth)
    for upload in screening_round.uploads.all():
        assert upload.tokens == {} and upload.found == {}
        assert upload.tokens_deleted_at is not None
    client.force_login(school_staff)
    page = client.get(reverse("screening:result", args=[screening_round.pk, "school-test"]))
    assert "A-0" not in page.content.decode()
    assert AuditEvent.objects.filter(action="screening_round.closed").exists()
