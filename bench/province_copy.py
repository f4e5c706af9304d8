"""Rows written with PostgreSQL's COPY into a model's own table and columns (from ``_meta``),
for the province generator (bench/province.py).

A ``CopyTable`` is made from a model, the fields that vary from row to row and a template row
(the values of one real row of the demo, or the fields' defaults) for the rest: the constant
part of each line is encoded once, so a row costs only the encoding of its varying values.
Primary keys are given by the table itself, from the table's largest id (``next_id``), so rows
of other tables can point at them before they are written; ``reset_sequences`` moves the
identity sequences past them at the end. Rows are buffered and written by ``flush`` in one
COPY (call it in the order of the foreign keys: parents first). Elsewhere (SQLite) the rows go
through ``bulk_create`` instead, so the smoke test runs on either engine."""

from __future__ import annotations

import datetime
import decimal
import json

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _encoder(field):
    """The COPY text of one value of ``field``."""
    if isinstance(field, models.JSONField):
        return lambda v: NULL if v is None else json.dumps(v, ensure_ascii=False).translate(_ESCAPES)
    if isinstance(field, models.BooleanField):
        return lambda v: NULL if v is None else ("t" if v else "f")
    if isinstance(field, models.DateTimeField):
        return lambda v: NULL if v is None else v.isoformat()
    if isinstance(field, (models.DateField, models.DecimalField, models.IntegerField, models.ForeignKey)):
        return lambda v: NULL if v is None else str(v)
    if isinstance(field, models.FileField):
        return lambda v: NULL if v is None else str(v).translate(_ESCAPES)
    return lambda v: NULL if v is None else str(v).translate(_ESCAPES)


def template_row(model, instance=None, **overrides) -> dict:
    """Values for every concrete field: ``instance``'s, else the field's default (now for
    auto_now fields, None for nullable ones, "" otherwise); then ``overrides``."""
    now = timezone.now()
    row = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if instance is not None:
            value = getattr(instance, f.attname)
            row[f.attname] = value.name if isinstance(f, models.FileField) else value
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            row[f.attname] = now
        elif f.has_default():
            row[f.attname] = f.get_default()
        elif f.null:
            row[f.attname] = None
        else:
            row[f.attname] = ""
    row.update(overrides)
    return row


class CopyTable:
    def __init__(self, model, vary: list[str], template: dict):
        meta = model._meta
        self.model = model
        by_att = {f.attname: f for f in meta.concrete_fields}
        self.pk = meta.pk
        self.vary = [by_att[a] for a in vary]
        self.rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in vary]
        missing = [f.attname for f in self.rest if f.attname not in template]
        if missing:
            raise ValueError(f"{meta.label}: no value for {missing}")
        self.template = template
        self.encoders = [_encoder(f) for f in self.vary]
        self.fixed = "".join("\t" + _encoder(f)(self._db(f, template[f.attname])) for f in self.rest)
        self.fixed += "\n"
        q = connection.ops.quote_name
        cols = [self.pk, *self.vary, *self.rest]
        self.sql = f"COPY {q(meta.db_table)} ({', '.join(q(f.column) for f in cols)}) FROM STDIN"
        self.next_id = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.lines: list[str] = []
        self.rows: list[tuple] = []  # for bulk_create (not PostgreSQL)
        self.written = 0
        self.postgres = connection.vendor == "postgresql"

    @staticmethod
    def _db(field, value):
        if isinstance(field, models.JSONField) or value is None:
            return value
        if isinstance(field, models.DateTimeField) and isinstance(value, datetime.datetime):
            return value if timezone.is_aware(value) else timezone.make_aware(value)
        if isinstance(field, models.DecimalField) and not isinstance(value, decimal.Decimal):
            return decimal.Decimal(str(value))
        return value

    def add(self, *values) -> int:
        """Buffer one row (values in the order of ``vary``); returns its primary key."""
        pk = self.next_id
        self.next_id += 1
        if self.postgres:
            self.lines.append(
                str(pk) + "".join("\t" + e(v) for e, v in zip(self.encoders, values, strict=True)) + self.fixed
            )
        else:
            self.rows.append((pk, values))
        return pk

    def flush(self) -> int:
        n = len(self.lines) + len(self.rows)
        if self.lines:
            with connection.cursor() as cursor:
                with cursor.cursor.copy(self.sql) as copy:
                    for start in range(0, len(self.lines), 20000):
                        copy.write("".join(self.lines[start : start + 20000]).encode())
            self.lines = []
        if self.rows:
            objs = []
            for pk, values in self.rows:
                data = {**self.template, **{f.attname: v for f, v in zip(self.vary, values, strict=True)}}
                objs.append(self.model(pk=pk, **data))
            self.model._base_manager.bulk_create(objs, batch_size=500)
            self.rows = []
        self.written += n
        return n


def reset_sequences(model_list) -> None:
    """Move the tables' id sequences past the ids given here (Django's own sequence reset)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyze(model_list) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in model_list))
