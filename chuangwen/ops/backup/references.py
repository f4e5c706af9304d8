"""Which columns of the database hold names of stored files, and in which storage.

Every model's ``FileField`` (``ImageField`` is one) names a file in the field's storage. The
historical tables of django-simple-history keep the same names in plain text columns (a replaced
file's old name stays there), so those columns count too: they are found through each historical
model's ``instance_type``, the model it records."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.functional import LazyObject, empty

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
    """Every (table, column) of an installed model holding stored file names."""
    out = set()
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        recorded = getattr(model, "instance_type", None)  # a simple_history historical model
        source = recorded if isinstance(recorded, type) and issubclass(recorded, models.Model) else model
        for field in source._meta.concrete_fields:
            if isinstance(field, models.FileField):
                column = meta.get_field(field.name).column
                out.add(FileColumn(meta.db_table, column, storage_alias(field.storage), f"{meta.label}.{field.name}"))
    return sorted(out, key=lambda c: (c.table, c.column))
