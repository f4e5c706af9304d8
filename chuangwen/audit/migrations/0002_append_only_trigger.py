"""On PostgreSQL the database itself refuses to change or remove an audit event, whoever asks
(the ORM, a raw cursor, psql). TRUNCATE stays possible: it is ``manage.py flush`` (``load_demo
--reset``, the test database between transactional tests), wiping the whole database on purpose.
SQLite (the embedded default) relies on the ORM's refusal (``core.append_only.trigger_operation``)."""

import django.utils.timezone
from django.db import migrations, models

from chuangwen.core.append_only import trigger_operation

class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="time"
            ),
        ),
        trigger_operation("audit_auditevent", "audit events"),
    ]
