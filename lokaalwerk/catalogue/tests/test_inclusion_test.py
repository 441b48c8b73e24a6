"""Principle 8: the target groups × offers matrix, the decision log per cell and the report."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from lokaalwerk.catalogue import selectors, services
from lokaalwerk.catalogue.constants import ClientStatus, DutchLevel, InclusionStatus
from lokaalwerk.catalogue.models import InclusionDecision

from .factories import OfferFactory, TargetGroupFactory


@pytest.fixture
def setting(social_house, vdab):
    youth = TargetGroupFactory(
        code="jongeren", name="Jongeren", typical_age_from=18, typical_age_to=25
    )
    newcomers = TargetGroupFactory(
        code="nieuwkomers", name="Nieuwkomers", typical_dutch_level=DutchLevel.A1
    )
    living_wage = TargetGroupFactory(
        code="leefloners", name="Leefloners", typical_status=ClientStatus.LIVING_WAGE
    )
    training = OfferFactory(
        provider=vdab,
        name="Opleiding",
        slug="opleiding",
        dutch_level_min=DutchLevel.A2,
        eligible_statuses=[ClientStatus.JOB_SEEKER],
        target_groups=[youth],
    )
    art60 = OfferFactory(
        provider=social_house,
        name="Art. 60",
        slug="art-60",
        age_min=30,
        open_to_partner_clients=False,
        target_groups=[living_wage],
    )
    return {
        "youth": youth,
        "newcomers": newcomers,
        "living_wage": living_wage,
        "training": training,
        "art60": art60,
    }


def _cell(matrix, offer, group):
    for o, cells in matrix.rows:
        if o == offer:
            return next(c for c in cells if c.group == group)
    raise AssertionError("no such cell")


def test_the_matrix_explains_why_a_group_cannot_use_an_offer(setting, partner_staff):
    matrix = selectors.inclusion_matrix(user=partner_staff)
    assert _cell(matrix, setting["training"], setting["youth"]).served
    newcomers = _cell(matrix, setting["training"], setting["newcomers"])
    assert not newcomers.served and "A2" in newcomers.why()
    living_wage = _cell(matrix, setting["training"], setting["living_wage"])
    assert str(ClientStatus.JOB_SEEKER.label) in living_wage.why()
    youth_at_art60 = _cell(matrix, setting["art60"], setting["youth"])
    assert len(youth_at_art60.reasons) == 2 and "30" in youth_at_art60.reasons[0]
    # Served on paper, but the offer is closed to other partners' clients.
    assert not _cell(matrix, setting["art60"], setting["living_wage"]).served


def test_a_coordinator_logs_decisions_and_opening_adds_the_group(setting, city_coordinator):
    offer, group = setting["training"], setting["newcomers"]
    services.inclusion_decide(
        actor=city_coordinator,
        offer=offer,
        target_group=group,
        status=InclusionStatus.UNDER_STUDY,
        reason="Taalcoach bekijken",
        barrier="Taaltest",
    )
    services.inclusion_decide(
        actor=city_coordinator,
        offer=offer,
        target_group=group,
        status=InclusionStatus.OPEN,
        reason="Met Nederlands op de werkvloer",
    )
    log = list(InclusionDecision.objects.filter(cell__offer=offer, cell__target_group=group))
    assert [d.status for d in log] == [InclusionStatus.OPEN, InclusionStatus.UNDER_STUDY]
    assert group in offer.target_groups.all()
    assert log[0].cell.barrier == "Taaltest"


def test_a_decision_needs_a_reason_and_a_known_status(setting, city_coordinator):
    for status, reason, field in [
        ("maybe", "x", "status"),
        (InclusionStatus.KEEP_CLOSED, " ", "reason"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.inclusion_decide(
                actor=city_coordinator,
                offer=setting["art60"],
                target_group=setting["youth"],
                status=status,
                reason=reason,
            )
        assert field in error.value.message_dict
    assert not InclusionDecision.objects.exists()


def test_only_coordinators_decide_on_the_cell_page(
    client, setting, city_caseworker, city_coordinator
):
    url = "/catalogue/inclusion/art-60/jongeren/"
    client.force_login(city_caseworker)
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "open", "reason": "ja"}).status_code == 403
    client.force_login(city_coordinator)
    response = client.post(url, {"status": "keep_closed", "reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(url, {"status": "keep_closed", "reason": "Wettelijk voorbehouden"})
    assert response.status_code == 302
    assert InclusionDecision.objects.get().reason == "Wettelijk voorbehouden"


def test_the_steering_group_report_lists_closed_cells_also_as_csv(
    client, setting, city_coordinator
):
    services.inclusion_decide(
        actor=city_coordinator,
        offer=setting["art60"],
        target_group=setting["youth"],
        status=InclusionStatus.KEEP_CLOSED,
        reason="Wettelijk voorbehouden",
    )
    client.force_login(city_coordinator)
    page = client.get("/catalogue/inclusion/report/")
    assert page.status_code == 200
    assert "Wettelijk voorbehouden" in page.content.decode()
    response = client.get("/catalogue/inclusion/report/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    closed = [r for r in rows[1:] if r[0] == "Art. 60" and r[2] == "Jongeren"]
    assert closed and closed[0][5] == "Wettelijk voorbehouden"
    assert len(rows) - 1 == len(selectors.inclusion_matrix(user=city_coordinator).excluded_cells())


def test_the_matrix_page_renders_every_cell(client, setting, partner_staff):
    client.force_login(partner_staff)
    response = client.get("/catalogue/inclusion/")
    assert response.status_code == 200
    assert response.content.decode().count('class="cell ') == 6
