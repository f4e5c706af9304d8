"""``Notification`` now lives in ``dashboard`` (its 0001 takes over the table): drop it from
core's state only; the table and its rows are not touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_calendar_seed"),
        ("dashboard", "0001_notification_from_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
