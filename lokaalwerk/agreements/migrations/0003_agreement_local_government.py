import django.db.models.deletion
from django.db import migrations, models


def fill_local_government(apps, schema_editor):
    """The local party of each agreement; the sole local government when no party is one."""
    Agreement = apps.get_model("agreements", "Agreement")
    Organisation = apps.get_model("accounts", "Organisation")
    governments = list(Organisation.objects.filter(kind="local_government").values_list("pk", flat=True))
    sole = governments[0] if len(governments) == 1 else None
    for agreement in Agreement.objects.filter(local_government__isnull=True):
        party = (
            agreement.parties.filter(organisation__kind="local_government")
            .order_by("order", "pk")
            .values_list("organisation_id", flat=True)
            .first()
        )
        found = party or sole
        if found:
            agreement.local_government_id = found
            agreement.save(update_fields=["local_government"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_organisation_local_government"),
        ("agreements", "0002_planchange"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="local_government",
            field=models.ForeignKey(
                blank=True,
                help_text="The local government party: who sees the agreement and all that hangs on it.",
                limit_choices_to={"kind": "local_government"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="local_agreements",
                to="accounts.organisation",
                verbose_name="local government",
            ),
        ),
        migrations.RunPython(fill_local_government, migrations.RunPython.noop),
    ]
