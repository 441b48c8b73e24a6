import datetime as dt

import pytest

from lokaalwerk.accounts.models import User
from lokaalwerk.agreements.models import Action, Agreement
from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.core.demo import demo_load
from lokaalwerk.governance.constants import BodyKind

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_mechelen_plan(demo):
    assert demo.title == "Samen sterk voor lokaal werk in 2020-2025"
    assert (demo.start_date, demo.end_date) == (dt.date(2021, 3, 1), dt.date(2025, 12, 31))
    assert [m.nis_code for m in demo.municipalities.all()] == ["12025"]
    assert demo.ambitions.count() == 3
    assert demo.principles.count() == 10
    assert [t.title for t in demo.themes.all()] == [
        "Meer mensen aan de slag",
        "Veerkrachtige ondernemingen in een toekomstbestendige arbeidsmarkt",
        "Sterkere loopbanen binnen een stimulerend leerklimaat",
    ]
    assert list(demo.actions.values_list("code", flat=True)) == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "3.1",
        "3.2",
        "4.1",
        "4.2",
        "5.1",
        "5.2",
        "5.3",
    ]
    action = demo.actions.get(code="2.1")
    assert list(action.items.values_list("code", "title")) == [
        ("2.1.1", "E-inclusie"),
        ("2.1.2", "Kinderopvang"),
        ("2.1.3", "Taal"),
        ("2.1.4", "Mobiliteit"),
    ]
    assert action.commitments.count() >= 2


def test_the_demo_names_parties_signatories_and_bodies(demo):
    parties = {p.organisation.slug: p for p in demo.parties.all()}
    assert set(parties) == {"vdab", "stad-mechelen"}
    assert ("Erik Laga", "algemeen directeur") in {
        (s.name, s.function) for s in parties["stad-mechelen"].signatories.all()
    }
    political = demo.bodies.get(kind=BodyKind.POLITICAL_STEERING_GROUP)
    assert (political.name, political.min_meetings_per_year, political.convenor.slug) == (
        "Stuurgroep Activering",
        1,
        "stad-mechelen",
    )
    operational = demo.bodies.get(kind=BodyKind.OPERATIONAL_STEERING_GROUP)
    assert (operational.min_meetings_per_year, operational.convenor.slug) == (3, "vdab")
    assert demo.bodies.filter(kind=BodyKind.WORKING_GROUP).count() == 4


def test_loading_the_demo_twice_duplicates_nothing(demo):
    counts = (Agreement.objects.count(), Action.objects.count(), User.objects.count())
    summary = demo_load()
    assert (Agreement.objects.count(), Action.objects.count(), User.objects.count()) == counts
    assert summary["agreement_changes"] == 0


def test_loading_the_demo_is_audited(demo):
    assert AuditEvent.objects.filter(action="agreement.imported", target_id=str(demo.pk)).exists()


def test_an_ended_agreement_says_so(demo):
    assert demo.days_left(dt.date(2026, 11, 27)) is None
    assert demo.days_left(dt.date(2025, 12, 1)) == 30
