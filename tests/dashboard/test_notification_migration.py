"""``Notification`` moved from ``core`` to ``dashboard``: a database migrated before the move
keeps every notification (same id, same user, read state) and its content type, and the table
ends up under the dashboard's name. Runs the real migrations back and forth on the test database
(SQLite locally, PostgreSQL in CI)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from chuangwen.dashboard.models import Notification

BEFORE = [("core", "0001_initial"), ("dashboard", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_rows_and_content_type_survive_the_move():
    ct_before = ContentType.objects.get_for_model(Notification)
    executor = _migrate(BEFORE)
    executor.loader.build_graph()  # reload what is applied now
    try:
        tables = connection.introspection.table_names()
        assert "core_notification" in tables and "dashboard_notification" not in tables
        old = MigrationExecutor(connection).loader.project_state(list(executor.loader.applied_migrations)).apps
        user = old.get_model("org", "User").objects.create(username="before-the-move", password="x")
        OldNotification = old.get_model("core", "Notification")
        read = OldNotification.objects.create(
            user=user, kind="task_overdue", title="任务已逾期", read_at=timezone.now()
        )
        keyed = OldNotification.objects.create(
            user=user, kind="task_due_soon", title="即将到期", dedupe_key="task:1:due3"
        )
        assert old.get_model("contenttypes", "ContentType").objects.filter(app_label="core", model="notification")
    finally:
        _migrate(None)

    tables = connection.introspection.table_names()
    assert "dashboard_notification" in tables and "core_notification" not in tables
    moved = {n.pk: n for n in Notification.objects.filter(user__username="before-the-move")}
    assert set(moved) == {read.pk, keyed.pk}
    assert moved[read.pk].title == "任务已逾期" and moved[read.pk].read_at is not None
    assert moved[keyed.pk].dedupe_key == "task:1:due3" and moved[keyed.pk].read_at is None
    ContentType.objects.clear_cache()
    ct = ContentType.objects.get_for_model(Notification)
    assert (ct.app_label, ct.pk) == ("dashboard", ct_before.pk)
    assert not ContentType.objects.filter(app_label="core", model="notification").exists()
    # New rows continue the id sequence after the moved ones.
    assert Notification.objects.create(user=moved[read.pk].user, kind="x", title="新消息").pk > keyed.pk
