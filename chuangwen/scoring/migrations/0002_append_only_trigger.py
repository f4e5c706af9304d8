"""On PostgreSQL the database itself refuses to change or remove a ledger entry, whoever asks
(``core.append_only.trigger_operation``)."""

from django.db import migrations

from chuangwen.core.append_only import trigger_operation


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [trigger_operation("scoring_ledgerentry", "ledger entries")]
