"""Link the reads recorded before the audit trail had subjects to the clients they showed.

Lists named their clients only inside ``data``: ``client.listed`` the client ids, and
``referral.listed`` the referral ids; ``referral.viewed`` kept the client id. Each becomes one
subject row per client, so the client's audit log finds these reads too.
"""

from django.db import migrations

BATCH = 2000


def link_list_reads(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditSubject = apps.get_model("audit", "AuditSubject")
    Referral = apps.get_model("referrals", "Referral")
    events = AuditEvent.objects.filter(
        action__in=["client.listed", "referral.listed", "referral.viewed"]
    )
    client_of = dict(
        Referral.objects.filter(client__isnull=False).values_list("pk", "client_id")
    )
    pending: list = []
    for event in events.only("pk", "action", "data").iterator(chunk_size=BATCH):
        data = event.data if isinstance(event.data, dict) else {}
        if event.action == "client.listed":
            clients = data.get("clients") or []
        elif event.action == "referral.listed":
            clients = [client_of.get(pk) for pk in data.get("referrals") or []]
        else:
            clients = [data["client"]] if data.get("client") else []
        pending.extend(
            AuditSubject(event_id=event.pk, subject_type="referrals.client", subject_id=str(pk))
            for pk in sorted({pk for pk in clients if isinstance(pk, int)})
        )
        if len(pending) >= BATCH:
            AuditSubject.objects.bulk_create(pending)
            pending = []
    AuditSubject.objects.bulk_create(pending)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_audit_subjects"),
        ("referrals", "0003_consent_forms_private"),
    ]

    operations = [migrations.RunPython(link_list_reads, migrations.RunPython.noop)]
