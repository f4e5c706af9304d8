"""Reads of the ethics evaluation shared by pages, the API and documents."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from chuangwen.core.roles import CHANGE
from chuangwen.scoring.models import LedgerEntry

from .models import Evaluation, EvaluationRow, Grade, VetoRecord


def person_entries(person, year=None):
    """The person's daily record: ledger entries naming them, with whether each was cancelled."""
    qs = LedgerEntry.objects.filter(person=person).annotate(
        is_cancelled=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk")))
    )
    if year is not None:
        qs = qs.filter(occurred_on__year=year)
    return qs.order_by("-occurred_on", "-id")


def person_vetoes(person, user):
    return (
        VetoRecord.objects.visible_to(user).filter(person=person).select_related("act", "recorded_by", "withdrawn_by")
    )


def person_rows(person, user):
    """The person's rows of every year (newest first) that ``user`` may see."""
    return (
        EvaluationRow.objects.visible_to(user)
        .filter(person=person)
        .select_related("evaluation", "department")
        .order_by("-evaluation__year")
    )


def rows_for_page(evaluation, user, action="view"):
    return (
        EvaluationRow.objects.visible_to(user, action)
        .filter(evaluation=evaluation)
        .select_related("person", "department")
        .order_by("department__sort_order", "department_id", "person__employee_no", "id")
    )


def is_office(user, evaluation) -> bool:
    from chuangwen.core.scoping import can_in_unit

    return can_in_unit(user, Evaluation, evaluation.unit, CHANGE)


def distribution(evaluations):
    """Per evaluation: the rows per grade and the vetoes, for the bureau (one GROUP BY)."""
    counts = {g: Count("id", filter=Q(grade=g)) for g in Grade.values}
    rows = (
        EvaluationRow.objects.filter(evaluation__in=evaluations)
        .values("evaluation_id")
        .annotate(total=Count("id"), vetoes=Count("id", filter=Q(veto=True)), **counts)
    )
    return {r["evaluation_id"]: r for r in rows}
