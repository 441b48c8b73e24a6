"""Coordinators set the targets the figures are held against: indicator × area × year, linked to
the action that pursues them, every change in the audit trail."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.agreements.tests.factories import ActionFactory
from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.geography.models import Area
from lokaalwerk.indicators.models import Indicator, Target
from lokaalwerk.indicators.services import target_delete, target_set

pytestmark = pytest.mark.django_db
GROUP = "group-sociale-economie-mechelen"
DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-BE"}


def _post(client, url, **fields):
    data = {"indicator": "wzw-jongeren", "area": GROUP, "year": 2026, "value": "1200"}
    data.update(fields)
    return client.post(url, data, **DUTCH)


@pytest.fixture
def youth_target(city_coordinator):
    return target_set(
        actor=city_coordinator,
        indicator=Indicator.objects.get(code="wzw-jongeren"),
        area=Area.objects.get(code=GROUP),
        year=2025,
        value=Decimal("1250"),
        note="Actie 1.2",
    )


@pytest.mark.parametrize("persona", ["partner_staff", "city_caseworker", "outsider"])
def test_only_coordinators_reach_the_targets(client, request, persona, youth_target):
    client.force_login(request.getfixturevalue(persona))
    pages = [
        reverse("indicators:target-list"),
        reverse("indicators:target-create"),
        reverse("indicators:target-update", args=[youth_target.pk]),
        reverse("indicators:target-delete", args=[youth_target.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 403
        response = client.post(url, {"value": "1", "indicator": "wzw", "area": GROUP})
        assert response.status_code == 403
    assert Target.objects.get().value == Decimal("1250")


def test_a_coordinator_sees_the_targets_with_unit_action_and_note(client, city_coordinator):
    action = ActionFactory(code="1.2", title="Jongeren naar werk")
    rate = Indicator.objects.get(code="werkzoekendengraad")
    target_set(
        actor=city_coordinator,
        indicator=rate,
        area=Area.objects.get(code="12025"),
        year=2025,
        value=Decimal("6.5"),
        action=action,
        note="Halveren tegen 2030",
    )
    client.force_login(city_coordinator)
    response = client.get(reverse("indicators:target-list"), DUTCH | {"indicator": rate.code})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<caption id="targets-caption">1 streefwaarde</caption>' in html
    assert "6,5%" in html and "1.2 Jongeren naar werk" in html and "Halveren tegen 2030" in html
    assert '<th scope="row">Werkzoekendengraad</th>' in html
    other = client.get(reverse("indicators:target-list"), {"indicator": "wzw"}).content.decode()
    assert "Halveren tegen 2030" not in other and "Nog geen streefwaarden." in other


def test_adding_a_target_links_its_action_and_is_audited(client, city_coordinator):
    action = ActionFactory(code="1.2")
    client.force_login(city_coordinator)
    response = _post(client, reverse("indicators:target-create"), value="1.250,5", action=action.pk)
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.indicator.code, target.area.code, target.year) == ("wzw-jongeren", GROUP, 2026)
    assert target.value == Decimal("1250.5") and target.action == action
    assert action.indicators.filter(code="wzw-jongeren").exists()
    event = AuditEvent.objects.get(action="target.created")
    assert event.actor == city_coordinator and event.target_id == str(target.pk)
    assert event.data["value"] == "1250.5" and event.data["action"] == "1.2"
    assert event.source == reverse("indicators:target-create")


def test_the_same_indicator_area_and_year_changes_the_one_target(client, city_coordinator):
    client.force_login(city_coordinator)
    _post(client, reverse("indicators:target-create"), value="1200")
    _post(client, reverse("indicators:target-create"), value="1100,25", note="Bijgesteld")
    target = Target.objects.get()
    assert (target.value, target.note) == (Decimal("1100.25"), "Bijgesteld")
    event = AuditEvent.objects.get(action="target.updated")
    assert event.data["before"] == {"value": "1200.0000", "action": None, "note": ""}


def test_changing_a_target_keeps_its_indicator_area_and_year(
    client, city_coordinator, youth_target
):
    client.force_login(city_coordinator)
    url = reverse("indicators:target-update", args=[youth_target.pk])
    page = client.get(url, **DUTCH)
    form = page.context["form"]
    assert set(form.fields) == {"value", "action", "note"}
    assert 'value="1250"' in page.content.decode()  # not 1250,0000
    response = _post(client, url, value="1240", year=2030, area="12025")
    assert response.status_code == 302
    youth_target.refresh_from_db()
    assert (youth_target.value, youth_target.year, youth_target.area.code) == (1240, 2025, GROUP)
    assert Target.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"value": "veel"}, "value", "Geef een getal op, zoals 1250 of 12,5."),
        ({"value": ""}, "value", "Dit veld is vereist."),
        ({"value": "-5"}, "value", "Een streefwaarde kan niet negatief zijn."),
        (
            {"indicator": "werkzoekendengraad", "value": "120"},
            "value",
            "Een percentage ligt tussen 0 en 100.",
        ),
        ({"year": "1990"}, "year", "Kies een jaar van 2000 tot"),
        ({"year": "volgend jaar"}, "year", "Voer een geheel getal in."),
        ({"area": "02000"}, "area", "Selecteer een geldige keuze."),  # Flanders: no dashboard
        ({"action": "999999"}, "action", "Selecteer een geldige keuze."),
    ],
)
def test_bad_input_changes_nothing_and_is_told_at_its_field(
    client, city_coordinator, youth_target, fields, field, message
):
    client.force_login(city_coordinator)
    events = AuditEvent.objects.count()
    response = _post(client, reverse("indicators:target-create"), **fields)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and errors[field][0].startswith(message)
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html or (
        f'aria-describedby="id_{field}_error"' in html
    )
    assert Target.objects.get().value == Decimal("1250") and Target.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_target_is_deleted_after_confirmation_and_audited(client, city_coordinator, youth_target):
    client.force_login(city_coordinator)
    url = reverse("indicators:target-delete", args=[youth_target.pk])
    page = client.get(url, **DUTCH)
    assert page.status_code == 200 and "Streefwaarde verwijderen" in page.content.decode()
    assert Target.objects.exists()
    response = client.post(url)
    assert response.status_code == 302 and not Target.objects.exists()
    event = AuditEvent.objects.get(action="target.deleted")
    assert event.actor == city_coordinator and event.target_id == str(youth_target.pk)
    assert event.data == {
        "indicator": "wzw-jongeren",
        "area": GROUP,
        "year": 2025,
        "value": "1250.0000",
        "action": None,
        "note": "Actie 1.2",
    }
    assert client.post(url).status_code == 404


def test_the_service_refuses_what_the_form_cannot_stop(city_coordinator):
    rate = Indicator.objects.get(code="werkzoekendengraad")
    area = Area.objects.get(code="12025")
    last = timezone.localdate().year + 10
    with pytest.raises(ValidationError) as caught:
        target_set(actor=city_coordinator, indicator=rate, area=area, year=last + 1, value=101)
    assert set(caught.value.error_dict) == {"year", "value"}
    target = target_set(actor=city_coordinator, indicator=rate, area=area, year=last, value=100)
    target_delete(actor=city_coordinator, target=target)
    assert not Target.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="target.").count() == 2


def test_the_dashboard_shows_the_targets_and_links_them_for_coordinators(
    client, demo, city_coordinator, partner_staff
):
    url = reverse("indicators:dashboard", args=[GROUP])
    client.force_login(city_coordinator)
    html = client.get(url, **DUTCH).content.decode()
    assert reverse("indicators:target-list") + '"' in html
    assert 'class="chart__target"' in html  # the demo's targets of Action 1.2
    assert "Streefwaarden: 2021: 1.450; 2022: 1.400" in html
    assert f"{reverse('indicators:target-list')}?indicator=wzw-jongeren&amp;area={GROUP}" in html
    assert f"{reverse('indicators:target-create')}?indicator=wzw&amp;area={GROUP}" in html
    client.force_login(partner_staff)
    html = client.get(url, **DUTCH).content.decode()
    assert "Streefwaarden: 2021: 1.450" in html
    assert reverse("indicators:target-list") not in html
    assert reverse("indicators:target-create") not in html
