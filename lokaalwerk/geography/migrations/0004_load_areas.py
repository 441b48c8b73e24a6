from django.db import migrations


def load(apps, schema_editor):
    from lokaalwerk.geography.services import areas_load

    areas_load(
        area_model=apps.get_model("geography", "Area"),
        municipality_model=apps.get_model("geography", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("geography", "0003_area")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
