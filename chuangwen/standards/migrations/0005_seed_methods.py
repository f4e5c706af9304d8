"""The shipped assessment methods (``chuangwen.standards.method_seed``)."""

from django.db import migrations

from chuangwen.standards.method_seed import seed_methods


def seed(apps, schema_editor):
    seed_methods(apps.get_model("standards", "Method"), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("standards", "0004_levels_points_methods")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
