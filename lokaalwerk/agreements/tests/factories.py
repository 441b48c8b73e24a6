import datetime as dt

import factory

from lokaalwerk.accounts.tests.factories import OrganisationFactory
from lokaalwerk.agreements.constants import AgreementStatus
from lokaalwerk.agreements.models import Action, ActionDomain, Agreement, Theme


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Samenwerkingsovereenkomst {n}")
    slug = factory.Sequence(lambda n: f"overeenkomst-{n}")
    start_date = dt.date(2021, 3, 1)
    end_date = dt.date(2025, 12, 31)
    status = AgreementStatus.ACTIVE


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    agreement = factory.SubFactory(AgreementFactory)
    number = 1
    title = "Meer mensen aan de slag"


class ActionDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionDomain

    theme = factory.SubFactory(ThemeFactory)
    agreement = factory.SelfAttribute("theme.agreement")
    number = 1
    title = "Het vermijden van jeugdwerkloosheid"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    domain = factory.SubFactory(ActionDomainFactory)
    agreement = factory.SelfAttribute("domain.agreement")
    code = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Actie {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
