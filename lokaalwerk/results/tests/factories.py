import datetime as dt

import factory

from lokaalwerk.agreements.models import Commitment, Principle
from lokaalwerk.agreements.tests.factories import ActionFactory, AgreementFactory
from lokaalwerk.results.constants import ApprovalState, ProgressStatus
from lokaalwerk.results.models import ActionOwner, Milestone, ProgressUpdate, ReportingPeriod


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    agreement = factory.SubFactory(AgreementFactory)
    label = factory.Sequence(lambda n: f"Periode {n}")
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2025, 3, 31)
    due_date = dt.date(2025, 4, 14)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    """An approved on-track update; traits for the other states."""

    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    period = factory.SubFactory(
        ReportingPeriodFactory, agreement=factory.SelfAttribute("..action.agreement")
    )
    status = ProgressStatus.ON_TRACK
    progress = 40
    approval = ApprovalState.APPROVED

    class Params:
        pending = factory.Trait(approval=ApprovalState.PENDING)
        off_track = factory.Trait(status=ProgressStatus.OFF_TRACK, note="Vertraging")
        not_applicable = factory.Trait(status=ProgressStatus.NOT_APPLICABLE)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    action = factory.SubFactory(ActionFactory)
    text = "Engagement"


class ActionOwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionOwner

    action = factory.SubFactory(ActionFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Mijlpaal {n}")
    due_date = dt.date(2025, 6, 30)


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Principe {n + 1}")
    text = "Tekst van het principe"
