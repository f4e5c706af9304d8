"""Chinese search on PostgreSQL: the pg_trgm extension and GIN trigram indexes that serve
``search_text__icontains`` (UPPER(search_text) LIKE UPPER('%…%')) and the complainant's name.

The indexes are plain SQL run only on PostgreSQL (SQLite has neither GIN nor pg_trgm and searches
with a plain LIKE), so the models do not declare them. pg_trgm needs a database whose LC_CTYPE
classifies Chinese characters as letters (C.UTF-8, zh_CN.UTF-8, en_US.UTF-8...; not plain "C")."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("complaint_search_trgm", "UPPER(search_text)"),
    ("complaint_name_trgm", "UPPER(complainant_name)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON feedback_complaint USING gin ({expression} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop),
    ]
