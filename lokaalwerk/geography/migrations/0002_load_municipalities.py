from django.db import migrations


def load(apps, schema_editor):
    from lokaalwerk.geography.services import municipalities_load

    municipalities_load(model=apps.get_model("geography", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
