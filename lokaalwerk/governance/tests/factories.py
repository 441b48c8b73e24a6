import datetime as dt
from zoneinfo import ZoneInfo

import factory

from lokaalwerk.accounts.tests.factories import OrganisationFactory
from lokaalwerk.agreements.models import Action, ActionDomain, Agreement, Theme
from lokaalwerk.governance.constants import BodyKind, FollowUpStatus, MeetingStatus, MemberRole
from lokaalwerk.governance.models import Body, BodyMember, FollowUp, Meeting

BRUSSELS = ZoneInfo("Europe/Brussels")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        django_get_or_create = ["slug"]

    title = "Samen sterk (test)"
    slug = factory.Sequence(lambda n: f"test-agreement-{n}")
    start_date = dt.date(2021, 3, 1)
    end_date = dt.date(2030, 12, 31)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Meer mensen aan de slag"


class ActionDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionDomain

    theme = factory.SubFactory(ThemeFactory)
    agreement = factory.SelfAttribute("theme.agreement")
    number = factory.Sequence(lambda n: n + 1)
    title = "Jeugdwerkloosheid"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    domain = factory.SubFactory(ActionDomainFactory)
    agreement = factory.SelfAttribute("domain.agreement")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.domain.number}.{n + 1}")
    title = factory.Sequence(lambda n: f"Actie {n}")
    description = "Oorspronkelijke beschrijving."


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    agreement = factory.SubFactory(AgreementFactory)
    name = factory.Sequence(lambda n: f"Stuurgroep {n}")
    kind = BodyKind.OPERATIONAL_STEERING_GROUP
    convenor = factory.SubFactory(OrganisationFactory)
    min_meetings_per_year = 3

    class Params:
        political = factory.Trait(kind=BodyKind.POLITICAL_STEERING_GROUP, min_meetings_per_year=1)
        working_group = factory.Trait(kind=BodyKind.WORKING_GROUP, min_meetings_per_year=0)


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(BodyFactory)
    person_name = factory.Sequence(lambda n: f"Demo Lid {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    function = "consulent"
    role = MemberRole.MEMBER
    email = factory.LazyAttribute(
        lambda m: f"{m.person_name.lower().replace(' ', '.')}@example.invalid"
    )


def at(year, month, day, hour=14, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: at(2026, 3, 16))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=2))
    location = "Stadhuis"

    class Params:
        held = factory.Trait(status=MeetingStatus.HELD, minutes="Verslag van de vergadering.")
        cancelled = factory.Trait(status=MeetingStatus.CANCELLED)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Opvolgpunt {n}")
    owner_name = "Demo Eigenaar"
    due_date = dt.date(2026, 5, 1)
    status = FollowUpStatus.OPEN


def governance_demo_load() -> None:
    """The demo agreement, the demo users and the governance history, without the other apps'
    demo data (which plays no part in these tests and takes most of the demo's time)."""
    import yaml

    from lokaalwerk.agreements.services import agreement_import
    from lokaalwerk.core.demo import DEMO_AGREEMENT, demo_users_load
    from lokaalwerk.geography.models import Municipality
    from lokaalwerk.geography.services import municipalities_load
    from lokaalwerk.governance.demo import demo_load

    if not Municipality.objects.exists():
        municipalities_load(model=Municipality)
    agreement_import(structure=yaml.safe_load(DEMO_AGREEMENT.read_text()), source="demo")
    demo_users_load()
    demo_load()
