import datetime as dt

import factory
from django.utils import timezone

from lokaalwerk.screening.constants import RoundStatus
from lokaalwerk.screening.models import ScreeningRound


class ScreeningRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningRound
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.Sequence(lambda n: f"Gezamenlijke screening {n}")
    purpose = "Jongeren opsporen die van de radar verdwijnen (acties 1.1 en 1.2)."
    legal_basis = "AVG art. 6.1.e; samenwerkingsovereenkomst stad Mechelen – VDAB."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    status = RoundStatus.DRAFT

    class Params:
        open = factory.Trait(
            status=RoundStatus.OPEN, approved_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
