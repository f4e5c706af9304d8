from django.db import migrations


def forwards(apps, schema_editor):
    from chuangwen.honours.defaults import seed

    seed(apps.get_model("honours", "HonourType"))


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
