import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from lokaalwerk.indicators import registry
from lokaalwerk.indicators.constants import Source
from lokaalwerk.indicators.models import Indicator, Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    monkeypatch.setattr(registry, "_published", {})

    def compute(start, end):
        yield registry.OwnValue("12025", dt.date(2025, 3, 1), 17, {"gender": "f"})
        yield registry.OwnValue("12025", dt.date(2025, 3, 1), 40)
        yield registry.OwnValue(None, dt.date(2025, 3, 1), Decimal("52"))

    registry.publish(
        registry.OwnRegistration(
            code="test-doorverwijzingen",
            name_nl="Doorverwijzingen",
            name_en="Referrals",
            unit="count",
            periodicity="month",
            compute=compute,
            description="Warme overdrachten per maand.",
        )
    )


def test_published_registrations_are_stored_as_indicators_and_observations(published, capsys):
    call_command("refresh-own-registrations")
    assert "created 3" in capsys.readouterr().out
    indicator = Indicator.objects.get(code="test-doorverwijzingen")
    assert indicator.source == Source.OWN_REGISTRATION
    assert indicator.definition == "Warme overdrachten per maand."
    stored = dict(
        Observation.objects.filter(indicator=indicator, derived=False).values_list(
            "area__code", "value"
        )
    )
    assert stored == {"12025": Decimal("40"), "group-sociale-economie-mechelen": Decimal("52")}
    assert Observation.objects.get(breakdown="gender=f", derived=False).value == 17
    call_command("refresh-own-registrations")
    assert "created 0, updated 3" in capsys.readouterr().out
    assert Observation.objects.filter(indicator=indicator, derived=False).count() == 3
