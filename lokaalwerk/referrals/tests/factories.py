import datetime as dt

import factory
from django.utils import timezone

from lokaalwerk.accounts.tests.factories import OrganisationFactory, UserFactory
from lokaalwerk.referrals.constants import (
    ConsentMethod,
    ConsentPurpose,
    DataField,
    Priority,
    ReferralReason,
    ReferralState,
)
from lokaalwerk.referrals.models import (
    Client,
    ClientRelationship,
    Consent,
    PopUpBooking,
    PopUpSlot,
    Referral,
)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    first_name = "Demo"
    last_name = factory.Sequence(lambda n: f"Cliënt {n}")
    birth_date = dt.date(1990, 5, 17)
    email = factory.Sequence(lambda n: f"client{n}@example.invalid")
    phone = "0470 00 00 00"


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientRelationship

    client = factory.SubFactory(ClientFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    purpose = ConsentPurpose.REFERRAL
    recipient = factory.SubFactory(OrganisationFactory)
    scope = factory.LazyFunction(lambda: [DataField.NAME, DataField.CONTACT])
    given_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    method = ConsentMethod.VERBAL
    witness = "Demo Getuige"
    recorded_by = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)

    class Params:
        withdrawn = factory.Trait(withdrawn_at=factory.LazyFunction(timezone.now))


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral in any state: ``ReferralFactory(accepted=True)``."""

    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    sending_organisation = factory.SubFactory(OrganisationFactory)
    receiving_organisation = factory.SubFactory(OrganisationFactory)
    consent = factory.SubFactory(
        ConsentFactory,
        client=factory.SelfAttribute("..client"),
        recipient=factory.SelfAttribute("..receiving_organisation"),
        organisation=factory.SelfAttribute("..sending_organisation"),
    )
    sender = factory.SubFactory(UserFactory)
    reason = ReferralReason.SCHOOL_TO_WORK
    priority = Priority.NORMAL
    note = "Demo notitie"
    state = ReferralState.DRAFT

    class Params:
        sent = factory.Trait(
            state=ReferralState.SENT,
            sent_at=factory.LazyFunction(timezone.now),
            response_deadline=factory.LazyFunction(
                lambda: timezone.localdate() + dt.timedelta(days=14)
            ),
        )
        accepted = factory.Trait(
            sent=True,
            state=ReferralState.ACCEPTED,
            responded_at=factory.LazyFunction(timezone.now),
        )
        in_progress = factory.Trait(accepted=True, state=ReferralState.IN_PROGRESS)
        completed = factory.Trait(
            in_progress=True,
            state=ReferralState.COMPLETED,
            outcome="job",
            completed_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )


class PopUpSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopUpSlot

    organisation = factory.SubFactory(OrganisationFactory)
    host = factory.SubFactory(OrganisationFactory)
    weekday = 1
    start_time = dt.time(9, 0)
    end_time = dt.time(12, 0)
    capacity = 2
    active_from = dt.date(2024, 1, 1)


class PopUpBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopUpBooking

    slot = factory.SubFactory(PopUpSlotFactory)
    client = factory.SubFactory(ClientFactory)
    consent = factory.SubFactory(ConsentFactory, client=factory.SelfAttribute("..client"))
    booked_by = factory.SubFactory(UserFactory)
    booked_for = factory.SubFactory(OrganisationFactory)
    date = dt.date(2024, 1, 2)
