import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from lokaalwerk.accounts.tests.factories import OrganisationFactory
from lokaalwerk.catalogue.constants import DirectoryKind, VacancyStatus
from lokaalwerk.catalogue.models import (
    DirectoryEntry,
    Language,
    Location,
    Offer,
    OpeningHours,
    TargetGroup,
    Vacancy,
)
from lokaalwerk.geography.models import Municipality


def municipality(nis_code: str = "12025") -> Municipality:
    return Municipality.objects.get(nis_code=nis_code)


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"groep-{n}")
    name = factory.Sequence(lambda n: f"Doelgroep {n}")
    description = "Een doelgroep om te testen."


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "nl"
    name = "Nederlands"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Locatie {n}")
    street = factory.Sequence(lambda n: f"Teststraat {n}")
    postal_code = "2800"
    municipality = factory.LazyFunction(municipality)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    provider = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Aanbod {n}")
    slug = factory.Sequence(lambda n: f"aanbod-{n}")
    description = "Een aanbod om te testen."
    last_checked_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.set(extracted)


class DirectoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryEntry

    kind = DirectoryKind.WIFI
    name = factory.Sequence(lambda n: f"Plek {n}")
    owner = factory.SubFactory(OrganisationFactory)
    owner_email = "eigenaar@example.invalid"
    location = factory.SubFactory(LocationFactory)
    last_checked_on = factory.LazyFunction(timezone.localdate)

    class Params:
        stale = factory.Trait(
            last_checked_on=factory.LazyFunction(
                lambda: timezone.localdate() - dt.timedelta(days=400)
            )
        )


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    weekday = 0
    opens = dt.time(9, 0)
    closes = dt.time(12, 0)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    reference = factory.Sequence(lambda n: f"SE-{n:04d}")
    employer = "Maatwerkbedrijf (test)"
    municipality = factory.LazyFunction(municipality)
    title = factory.Sequence(lambda n: f"Job {n}")
    hours_per_week = Decimal("30")
    posted_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    status = VacancyStatus.OPEN

    class Params:
        expired = factory.Trait(
            posted_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60)),
            expires_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1)),
        )
