"""Rows of the evidence demo written in bulk as the services would have left them: dated when
they happened (``set_times``) and with the history rows each step writes (``write_history``)."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from .models import Evidence, EvidenceFile

ACCEPTED = Evidence.Status.ACCEPTED


def set_times(model, rows: list[tuple[datetime, datetime, int]]) -> None:
    """created_at / updated_at of many rows in one statement (``bulk_update`` builds a CASE per
    row, which is slow for a thousand)."""
    table = connection.ops.quote_name(model._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET created_at = %s, updated_at = %s WHERE id = %s",
            [(adapt(created), adapt(updated), pk) for created, updated, pk in rows],
        )


def write_history(rows: list[Evidence], times: list, file_rows: list[EvidenceFile]) -> None:
    """The history rows the services would have written: created (draft), submitted, accepted;
    one per file."""
    H = Evidence.history.model
    fields = [f.attname for f in Evidence._meta.concrete_fields]
    history = []
    for ev, (created, submitted, reviewed) in zip(rows, times, strict=True):
        base = {name: getattr(ev, name) for name in fields}
        steps = [
            ("+", created, ev.created_by_id, {"status": "draft", "submitted_at": None, "reviewed_at": None}),
            ("~", submitted, ev.submitted_by_id, {"status": "submitted", "reviewed_at": None}),
            ("~", reviewed, ev.reviewed_by_id, {"status": ACCEPTED}),
        ]
        for kind, when, user_id, changes in steps:
            data = {**base, "updated_at": when, **changes}
            if changes["status"] != ACCEPTED:
                data["reviewed_by_id"] = None
            if changes["status"] == "draft":
                data["submitted_by_id"] = None
            history.append(H(**data, history_date=when, history_type=kind, history_user_id=user_id))
    H.objects.bulk_create(history, batch_size=500)
    HF = EvidenceFile.history.model
    file_fields = [f.attname for f in EvidenceFile._meta.concrete_fields]
    HF.objects.bulk_create(
        [
            HF(
                **{name: getattr(f, name) for name in file_fields},
                history_date=f.created_at,
                history_type="+",
                history_user_id=f.uploaded_by_id,
            )
            for f in file_rows
        ],
        batch_size=500,
    )
