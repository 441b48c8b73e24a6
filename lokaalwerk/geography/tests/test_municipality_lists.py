import datetime as dt

import pytest

from lokaalwerk.geography.models import Municipality

pytestmark = pytest.mark.django_db


def test_every_municipality_of_both_lists_is_loaded():
    assert Municipality.objects.valid_on(dt.date(2024, 6, 1)).count() == 319
    assert Municipality.objects.valid_on(dt.date(2025, 6, 1)).count() == 304


def test_a_code_absorbed_in_2025_ends_with_its_successor():
    borsbeek = Municipality.objects.get(nis_code="11007")
    assert borsbeek.valid_to == dt.date(2024, 12, 31)
    assert borsbeek.successor.nis_code == "11002"
    antwerpen = Municipality.objects.get(nis_code="11002")
    assert antwerpen.valid_to is None


def test_a_merger_under_a_new_code_starts_in_2025():
    tielt_old = Municipality.objects.get(nis_code="37015")
    tielt_new = Municipality.objects.get(nis_code="37022")
    assert tielt_old.successor == tielt_new
    assert tielt_new.valid_from == dt.date(2025, 1, 1)
    assert set(tielt_new.predecessors.values_list("nis_code", flat=True)) == {"37007", "37015"}


def test_mechelen_carries_its_names_and_regions():
    mechelen = Municipality.objects.get(nis_code="12025")
    assert (mechelen.name_nl, mechelen.name_fr) == ("Mechelen", "Malines")
    assert mechelen.arrondissement_name == "Mechelen (Arr.)"
    assert mechelen.province_name == "Antwerpen (Prov.)"
    assert mechelen.reference_region_name == "Rivierenland"
