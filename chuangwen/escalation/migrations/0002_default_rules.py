"""The default escalation rules: the behaviour of the three engines they replace (task reminders,
rectification orders, complaints), as data (chuangwen/escalation/defaults.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from chuangwen.escalation.defaults import seed_defaults

    seed_defaults(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("escalation", "0001_escalation_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
