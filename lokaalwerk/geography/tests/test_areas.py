import datetime as dt

import pytest

from lokaalwerk.geography.models import Area, AreaKind

pytestmark = pytest.mark.django_db


def test_pre_2019_codes_are_areas_with_validity_and_successor():
    puurs = Area.objects.get(code="12030")
    assert (puurs.name_nl, puurs.valid_to) == ("Puurs", dt.date(2018, 12, 31))
    assert puurs.successor.code == "12041" and puurs.parent.code == "12000"
    assert set(Area.objects.get(code="44085").predecessors.values_list("code", flat=True)) == {
        "44036",
        "44072",
        "44080",
    }
    # A code merged away in 1977 keeps its validity; Walloon codes are not loaded.
    kessel = Area.objects.get(code="12018")
    assert kessel.valid_to == dt.date(1976, 12, 31)
    assert not Area.objects.filter(code="52011").exists()


def test_the_2025_mergers_carry_over_from_the_municipalities():
    assert Area.objects.get(code="11007").successor.code == "11002"
    assert Area.objects.get(code="37022").municipality.name_nl == "Tielt"
    valid_2025 = Area.objects.valid_on(dt.date(2025, 6, 1)).filter(kind=AreaKind.MUNICIPALITY)
    assert valid_2025.count() == 304


def test_levels_up_to_the_flemish_region():
    mechelen = Area.objects.get(code="12025")
    assert mechelen.parent.code == "12000"
    assert mechelen.parent.parent.code == "10000"
    assert mechelen.parent.parent.parent.name_nl == "Vlaams Gewest"
    rivierenland = Area.objects.get(kind=AreaKind.REFERENCE_REGION, name_nl="Rivierenland")
    assert mechelen in rivierenland.members.all()


def test_the_social_economy_region_of_mechelen_holds_its_ten_municipalities():
    group = Area.objects.get(code="group-sociale-economie-mechelen")
    assert sorted(group.members.values_list("name_nl", flat=True)) == [
        "Bonheiden", "Bornem", "Duffel", "Heist-op-den-Berg", "Lier", "Mechelen", "Putte",
        "Puurs-Sint-Amands", "Sint-Katelijne-Waver", "Willebroek",
    ]  # fmt: skip
