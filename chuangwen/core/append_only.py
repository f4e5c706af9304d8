"""Records that are written once and never changed or removed (the audit log, the ledger of
deductions and bonuses): the one way to make a model append-only.

* ``AppendOnlyModel`` (abstract): ``save`` of a stored row and ``delete`` raise ``AppendOnlyError``.
* ``AppendOnlyQuerySet``: scoped like every model (``visible_to``); ``update``, ``bulk_update``
  and ``delete`` raise. Use ``models.Manager.from_queryset(AppendOnlyQuerySet)()``.
* ``trigger_operation(table)``: a migration operation that, on PostgreSQL, installs a trigger
  refusing UPDATE and DELETE from anyone (the ORM, a raw cursor, psql). TRUNCATE stays possible:
  it is ``manage.py flush`` (``load_demo --reset``, the test database between transactional
  tests), wiping the whole database on purpose. SQLite (the embedded default) relies on the ORM.
The admin of such a model shows it read-only (no add, change or delete permission)."""

from __future__ import annotations

from django.db import migrations, models

from .scoping import ScopedQuerySet


class AppendOnlyError(RuntimeError):
    pass


def _refuse(model) -> None:
    raise AppendOnlyError(f"{model._meta.verbose_name_plural} are append-only")


class AppendOnlyQuerySet(ScopedQuerySet):
    """Scoped like every model; refuses the bulk writes that would change or remove rows."""

    def update(self, **kwargs):
        _refuse(self.model)

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse(self.model)

    def delete(self):
        _refuse(self.model)

    delete.alters_data = True
    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(type(self))


def trigger_operation(table: str, what: str) -> migrations.RunPython:
    """Install (reverse: remove) the PostgreSQL trigger refusing UPDATE and DELETE on ``table``;
    ``what`` names the rows in the error ("ledger entries")."""
    name = f"{table}_append_only"
    function = f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{what} are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
    trigger = f"""
CREATE TRIGGER {name}
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(function, params=None)
            schema_editor.execute(trigger, params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop, params=None)

    return migrations.RunPython(forwards, backwards, elidable=False)


class AppendOnlyAdmin:
    """Mixin for the ModelAdmin of an append-only model: to read only, even for a superuser (the
    permissions are refused, so no button, form or bulk action appears)."""

    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
