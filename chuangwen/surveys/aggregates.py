"""The monthly aggregates (``DepartmentMonth``, ``QuestionMonth``) the satisfaction pages read,
counted from the responses in one way, whether a few new ones or a whole template again.

A submission stores its response with a ``PendingCount`` row instead of updating its
department's month rows (hundreds of patients a second would queue on the same row lock).
``counts_fold``, run by the background job ``tasks.fold_counts``, adds the queued responses in
batches: each batch is grouped by the database (``month_counts`` over the batch's ids), upserted
into the month rows and taken off the queue in one transaction, so each response counts once.
``aggregates_rebuild`` recounts a template with the same ``month_counts``. Pages never count:
they read the rows as they are, with the moment they were brought up to date (``FoldMark``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from .models import Answer, DepartmentMonth, FoldMark, PendingCount, Question, QuestionMonth, Response, SurveyTemplate

FOLD_BATCH = 2000


def month_counts(responses) -> tuple[list[tuple], list[tuple]]:
    """What ``responses`` (a Response queryset) add to the month rows, in three grouped queries:
    department rows (unit, template, department, month, responses, index count, index sum) in
    the order of their unique key, and question rows (unit, template, department, question,
    month, count, sum, r1…r5) likewise. The index counts ratings of questions that count in it."""
    group = ("response__unit_id", "response__template_id", "response__department_id", "response__month")
    answers = Answer.objects.filter(response__in=responses)
    index = {
        tuple(r[g] for g in group): (r["n"], r["total"] or 0)
        for r in answers.filter(
            question__kind=Question.Kind.RATING, question__counts_in_index=True, rating__isnull=False
        )
        .values(*group)
        .annotate(n=Count("id"), total=Sum("rating"))
        .order_by()
    }
    keys = ("unit_id", "template_id", "department_id", "month")
    departments = sorted(
        (
            (*(r[k] for k in keys), r["n"], *index.get(tuple(r[k] for k in keys), (0, 0)))
            for r in responses.values(*keys).annotate(n=Count("id")).order_by()
        ),
        key=lambda r: (r[2], r[1], r[3]),
    )
    per_rating = {f"r{k}": Count("id", filter=Q(rating=k)) for k in range(1, 6)}
    questions = sorted(
        (
            (
                *(r[g] for g in group[:3]),
                r["question_id"],
                r["response__month"],
                r["n"],
                r["total"] or 0,
                *(r[f"r{k}"] for k in range(1, 6)),
            )
            for r in answers.values(*group, "question_id")
            .annotate(n=Count("id"), total=Sum("rating"), **per_rating)
            .order_by()
        ),
        key=lambda r: (r[2], r[3], r[4]),
    )
    return departments, questions


def counts_fold(
    *, wait: bool = True, batch: int = FOLD_BATCH, after_batch: Callable[[list[tuple]], None] | None = None
) -> int:
    """Add the responses not counted yet to the monthly aggregates, ``batch`` at a time (each
    response counts exactly once, see ``ResponseQueue.drain``), and note when (``FoldMark``).
    ``after_batch`` gets each batch's department-month rows as they are after the addition
    (unit, department, month, responses, index sum, index count), inside its transaction.
    ``wait``: wait for rows another run holds instead of skipping them. Returns how many
    responses were counted; with nothing pending this is one small query."""
    started = timezone.now()

    def fold(ids: list[int]) -> None:
        touched = _add_to_months(ids)
        if after_batch is not None:
            after_batch(touched)

    done = PendingCount.drain(fold, batch=batch, wait=wait)
    if done and not FoldMark.objects.filter(pk=1).update(folded_at=started):
        FoldMark.objects.get_or_create(pk=1, defaults={"folded_at": started})
    return done


def _add_to_months(ids: list[int]) -> list[tuple]:
    """Add these responses to their month rows (upserts in the rows' key order, so two folds
    never deadlock); returns each touched department-month row after the addition."""
    departments, questions = month_counts(Response.objects.filter(pk__in=ids))
    month = DepartmentMonth._meta.get_field("month")
    touched = []
    with connection.cursor() as cursor:
        for start in range(0, len(departments), 500):
            chunk = departments[start : start + 500]
            cursor.execute(
                _upsert_sql(DepartmentMonth, len(chunk), "unit_id, department_id, month, " + _RETURNING),
                [v if i != 3 else month.get_db_prep_save(v, connection) for row in chunk for i, v in enumerate(row)],
            )
            touched += cursor.fetchall()
        for start in range(0, len(questions), 500):
            chunk = questions[start : start + 500]
            cursor.execute(
                _upsert_sql(QuestionMonth, len(chunk)),
                [v if i != 4 else month.get_db_prep_save(v, connection) for row in chunk for i, v in enumerate(row)],
            )
    return touched


_ADDS = {
    DepartmentMonth: ("responses", "index_count", "index_sum"),
    QuestionMonth: ("count", "sum", "r1", "r2", "r3", "r4", "r5"),
}
_UNIQUE = {
    DepartmentMonth: ("department_id", "template_id", "month"),
    QuestionMonth: ("department_id", "question_id", "month"),
}
_RETURNING = "responses, index_sum, index_count"


def _upsert_sql(model, n: int, returning: str = "") -> str:
    """``INSERT INTO <model> (unit, template, department[, question], month, <counts>) VALUES …
    ON CONFLICT (<unique>) DO UPDATE SET n = n + excluded.n, …``: adding to a row that may not
    exist yet, which the ORM's ``bulk_create(update_conflicts=True)`` cannot (it replaces)."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    keys = ["unit_id", "template_id", "department_id", *(["question_id"] if model is QuestionMonth else []), "month"]
    columns = [*keys, *_ADDS[model]]
    rows = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * n)
    sets = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in _ADDS[model])
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) VALUES {rows} "
        f"ON CONFLICT ({', '.join(qn(c) for c in _UNIQUE[model])}) DO UPDATE SET {sets}"
    )
    return f"{sql} RETURNING {returning}" if returning else sql


@transaction.atomic
def aggregates_rebuild(*, template: SurveyTemplate) -> int:
    """Recount a template's monthly aggregates from its raw responses with ``month_counts``
    (after a question's "counts in the index" changed, or to check them). Returns the number of
    department-month rows."""
    DepartmentMonth.objects.filter(template=template).delete()
    QuestionMonth.objects.filter(template=template).delete()
    # Responses still waiting for ``counts_fold`` are left to it (counting them here too would
    # count them twice).
    pending = PendingCount.objects.filter(response_id=OuterRef("pk"))
    departments, questions = month_counts(Response.objects.filter(template=template).exclude(Exists(pending)))
    rows = [
        DepartmentMonth(
            unit_id=unit,
            template_id=template_id,
            department_id=department,
            month=month,
            responses=n,
            index_count=count,
            index_sum=total,
        )
        for unit, template_id, department, month, n, count, total in departments
    ]
    DepartmentMonth.objects.bulk_create(rows, batch_size=1000)
    QuestionMonth.objects.bulk_create(
        [
            QuestionMonth(
                unit_id=unit,
                template_id=template_id,
                department_id=department,
                question_id=question,
                month=month,
                count=n,
                sum=total,
                **{f"r{k}": r for k, r in enumerate(ratings, start=1)},
            )
            for unit, template_id, department, question, month, n, total, *ratings in questions
        ],
        batch_size=1000,
    )
    return len(rows)
