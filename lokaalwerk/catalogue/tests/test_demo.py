"""The demo catalogue for Mechelen loads twice without creating anything twice."""

from lokaalwerk.catalogue.constants import REGION_NIS_CODES, DirectoryKind
from lokaalwerk.catalogue.demo import demo_load
from lokaalwerk.catalogue.models import (
    DirectoryEntry,
    InclusionDecision,
    Location,
    Offer,
    OpeningHours,
    Vacancy,
)


def _counts():
    models = [Offer, DirectoryEntry, Vacancy, Location, OpeningHours, InclusionDecision]
    return [m.objects.count() for m in models]


def test_the_demo_is_idempotent_and_covers_the_region(city, city_coordinator):
    city_coordinator.username = "coordinator.stad"
    city_coordinator.save()
    demo_load()
    first = _counts()
    demo_load()
    assert _counts() == first
    assert (
        Offer.objects.filter(name__in=["Duo for a job", "TAALkracht", "Wijk-werken"]).count() == 3
    )
    assert set(DirectoryEntry.objects.values_list("kind", flat=True)) == set(DirectoryKind.values)
    assert all(
        "demo-adres" in street for street in Location.objects.values_list("street", flat=True)
    )
    assert set(Vacancy.objects.values_list("municipality__nis_code", flat=True)) == set(
        REGION_NIS_CODES
    )
    assert InclusionDecision.objects.count() == 3
