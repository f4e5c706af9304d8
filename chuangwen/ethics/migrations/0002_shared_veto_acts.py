from django.db import migrations


def seed(apps, schema_editor):
    from chuangwen.ethics.defaults import veto_acts_seed

    veto_acts_seed(apps.get_model("ethics", "VetoAct"))


class Migration(migrations.Migration):
    dependencies = [("ethics", "0001_rules_and_evaluations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
