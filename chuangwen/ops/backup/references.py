"""Which columns of the database hold names of stored files, and in which storage.

Every model's ``FileField`` (``ImageField`` is one) names a file in the field's storage. The
historical tables of django-simple-history keep the same names in plain text columns (a replaced
file's old name stays there), so those columns count too; the storage is the recorded model's
field's (``instance_type``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import storages
from django.utils.functional import LazyObject, empty

from ..cleanup import file_fields
from .manifest import BackupError

STATIC_ALIAS = "staticfiles"


@dataclass(frozen=True)
class FileColumn:
    table: str
    column: str
    storage: str  # an alias of settings.STORAGES
    label: str  # app_label.Model.field, for messages


def storage_alias(storage) -> str:
    """The alias under which ``storage`` is configured in ``settings.STORAGES``."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    for alias in settings.STORAGES:
        if alias != STATIC_ALIAS and storages[alias] is storage:
            return alias
    raise BackupError(f"a file field uses a storage not named in settings.STORAGES: {storage!r}")


def storage_of(alias: str):
    if alias not in settings.STORAGES or alias == STATIC_ALIAS:
        raise BackupError(f"the backup names storage {alias!r}, which this installation does not configure")
    return storages[alias]


def file_columns() -> list[FileColumn]:
    """Every (table, column) of an installed model holding stored file names: the same file
    fields ``storage_cleanup`` keeps (``ops.cleanup.file_fields``), with their storage."""
    out = set()
    for model, attname in file_fields():
        field = model._meta.get_field(attname)
        original = getattr(model, "instance_type", model)._meta.get_field(field.name)
        label = f"{model._meta.label}.{field.name}"
        out.add(FileColumn(model._meta.db_table, field.column, storage_alias(original.storage), label))
    return sorted(out, key=lambda c: (c.table, c.column))
