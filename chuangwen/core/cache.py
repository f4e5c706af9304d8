"""The cache of the embedded mode: Django's database cache, with a counter that holds.

Rate limits count with ``cache.incr``. Django's database cache inherits the generic ``incr``: it
reads the value, then writes it back with the *default* timeout. Two concurrent hits then count
once, and every hit moves the window's end to five minutes from now (an hour-long window turns
into "five minutes after the last hit"). Here ``incr`` is one statement under a row lock and the
entry keeps its expiry, as Redis's INCR does."""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends import db
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        qn = connection.ops.quote_name
        table = qn(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # On SQLite the transaction itself takes the write lock (transaction_mode IMMEDIATE).
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn('value')}, {qn('expires')} FROM {table} WHERE {qn('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or _as_datetime(row[1], connection) < now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {qn('value')} = %s WHERE {qn('cache_key')} = %s",
                [encoded, key],
            )
        return value


def _as_datetime(value, connection):
    """A datetime column read through a raw cursor, converted as the ORM would (aware or naive)."""
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
        value = converter(value, expression, connection)
    return value
