"""The shipped 三会一课 meeting types and the 25 steps of member development with their time
rules, as data (chuangwen/party/defaults.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from chuangwen.party.defaults import seed_defaults

    seed_defaults(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("party", "0001_branches_meetings_development")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
