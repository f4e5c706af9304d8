"""The working-day calendar seeded from chinesecalendar: every year it ships (2004–2026 with 1.11)."""

from django.db import migrations


def seed(apps, schema_editor):
    from chuangwen.core.holidays import calendar_seed

    calendar_seed(year_model=apps.get_model("core", "CalendarYear"), day_model=apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
