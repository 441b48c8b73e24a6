import django.db.models.deletion
from django.db import migrations, models


def fill_local_government(apps, schema_editor):
    """A local government works in its own cooperation; with a sole local government on the
    instance, every organisation that is not a regional employment service works in it too.
    Departments and teams follow the organisation they are part of."""
    Organisation = apps.get_model("accounts", "Organisation")
    rows = {o.pk: o for o in Organisation.objects.all()}
    governments = [o.pk for o in rows.values() if o.kind == "local_government"]
    sole = governments[0] if len(governments) == 1 else None

    def scope_of(org, seen=()):
        if org.kind == "local_government":
            return org.pk
        if org.parent_id and org.parent_id in rows and org.pk not in seen:
            return scope_of(rows[org.parent_id], (*seen, org.pk))
        if org.kind == "employment_service":
            return None
        return sole

    for org in rows.values():
        found = scope_of(org)
        if found != org.local_government_id:
            org.local_government_id = found
            org.save(update_fields=["local_government"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_alter_membership_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="local_government",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The local government whose cooperation this organisation works in. Empty "
                    "for a regional organisation that works with several local governments."
                ),
                limit_choices_to={"kind": "local_government"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
                verbose_name="local government",
            ),
        ),
        migrations.RunPython(fill_local_government, migrations.RunPython.noop),
    ]
