from django.db import migrations


def seed(apps, schema_editor):
    from chuangwen.activities.defaults import seed_kinds

    seed_kinds(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activities")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
