"""``Notification`` moves from ``core`` to ``dashboard``, the app whose services send it.

The rows stay where they are: the model enters this app's state over the existing table
(``core_notification``, created by core 0001), which is then renamed to this app's default name,
a plain ``ALTER TABLE ... RENAME`` on SQLite and PostgreSQL alike that keeps every row, the id
sequence and the indexes. The content type follows, so permissions and any record pointing at a
notification's content type keep pointing at it. ``core`` 0002 drops the model from core's state
only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="notification").exists():
        ContentType.objects.filter(app_label=old, model="notification").update(app_label=new)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "core", "dashboard")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "dashboard", "core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("kind", models.CharField(max_length=30, verbose_name="kind")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("body", models.TextField(blank=True, verbose_name="body")),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="link")),
                        (
                            "dedupe_key",
                            models.CharField(
                                blank=True, max_length=120, null=True, unique=True, verbose_name="dedupe key"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                        ("emailed_at", models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["user", "read_at"], name="notification_user_unread")],
                        "db_table": "core_notification",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RunPython(forwards, backwards),
    ]
