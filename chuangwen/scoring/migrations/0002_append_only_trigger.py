"""On PostgreSQL the database itself refuses to change or remove a ledger entry, whoever asks
(the ORM, a raw cursor, psql). TRUNCATE stays possible: it is ``manage.py flush`` (``load_demo
--reset``, the test database between transactional tests), wiping the whole database on purpose.
SQLite (the embedded default) relies on the ORM's refusal."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION scoring_ledgerentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER scoring_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON scoring_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION scoring_ledgerentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS scoring_ledgerentry_append_only ON scoring_ledgerentry;
DROP FUNCTION IF EXISTS scoring_ledgerentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)
        schema_editor.execute(TRIGGER, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
