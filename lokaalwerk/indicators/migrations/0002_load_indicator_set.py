from django.db import migrations


def load(apps, schema_editor):
    from lokaalwerk.indicators.services import indicator_set_load

    indicator_set_load(
        indicator_model=apps.get_model("indicators", "Indicator"),
        alias_model=apps.get_model("indicators", "IndicatorAlias"),
        version_model=apps.get_model("indicators", "IndicatorVersion"),
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
