import pytest

from lokaalwerk.audit.models import AuditEvent, AuditSubject
from lokaalwerk.audit.services import record

pytestmark = pytest.mark.django_db


def test_an_event_records_who_what_and_where(city_coordinator, city):
    event = record(
        actor=city_coordinator,
        action="organisation.read",
        target=city,
        source="/organisations/stad-mechelen/",
    )
    event.refresh_from_db()
    assert (event.actor, event.action, event.target_type, event.target_id) == (
        city_coordinator,
        "organisation.read",
        "accounts.organisation",
        str(city.pk),
    )
    assert event.source == "/organisations/stad-mechelen/"


def test_events_cannot_be_changed_or_deleted(city):
    event = record(actor=None, action="organisation.read", target=city)
    event.action = "iets anders"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "organisation.read"


def test_an_event_links_each_record_it_showed_once(city_coordinator, city, vdab):
    event = record(
        actor=city_coordinator, action="organisation.listed", subjects=[city, vdab, city, None]
    )
    links = {(s.subject_type, s.subject_id) for s in event.subjects.all()}
    assert links == {
        ("accounts.organisation", str(city.pk)),
        ("accounts.organisation", str(vdab.pk)),
    }
    assert event.subjects.count() == 2
    link = event.subjects.first()
    link.subject_id = "0"
    with pytest.raises(PermissionError):
        link.save()
    with pytest.raises(PermissionError):
        link.delete()
    with pytest.raises(PermissionError):
        AuditSubject.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditSubject.objects.update(subject_id="0")
