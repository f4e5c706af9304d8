"""History rows (django-simple-history) for many new rows at once, written by the database.

``simple_history.utils.bulk_create_with_history`` builds one historical model instance per row
and has Django compile an INSERT of every field of every one of them: for a batch of hundreds
of complaints that costs more than storing the complaints. ``created_history`` writes the same
"+" rows with one ``INSERT … SELECT`` from the rows just stored, so the database copies the
tracked columns."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router
from django.utils import timezone

CHUNK = 500  # ids per statement (SQLite takes at most 999 parameters)


def created_history(model, pks: Sequence[int], *, user=None, when=None) -> int:
    """History rows of type "+" ("created") for the rows ``pks`` of ``model``, as
    ``bulk_create_with_history`` would write them (same tracked fields, ``history_date``
    ``when`` or now, ``history_user`` ``user``, no change reason). Returns how many."""
    historical = model.history.model
    using = router.db_for_write(historical)
    qn = connections[using].ops.quote_name
    columns = [qn(f.column) for f in historical.tracked_fields]
    meta = historical._meta
    target = [
        *columns,
        qn(meta.get_field("history_date").column),
        qn(meta.get_field("history_type").column),
        qn(meta.get_field("history_change_reason").column),
        qn(meta.get_field("history_user").column),
    ]
    when = when or timezone.now()
    date_param = meta.get_field("history_date").get_db_prep_save(when, connections[using])
    written = 0
    with connections[using].cursor() as cursor:
        for i in range(0, len(pks), CHUNK):
            chunk = list(pks[i : i + CHUNK])
            cursor.execute(
                f"INSERT INTO {qn(meta.db_table)} ({', '.join(target)}) "
                f"SELECT {', '.join(columns)}, %s, '+', NULL, %s FROM {qn(model._meta.db_table)} "
                f"WHERE {qn(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))}) "
                f"ORDER BY {qn(model._meta.pk.column)}",
                [date_param, user.pk if user else None, *chunk],
            )
            written += cursor.rowcount
    return written
