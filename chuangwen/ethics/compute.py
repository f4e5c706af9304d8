"""Computing an evaluation's rows: each person's components weighted by the rule set, the daily
record (the person's counted ledger entries of the year: deductions, bonuses), the vetoes of the
year, and the grade engine's answer. Three reads for the whole evaluation (rows, ledger sums
grouped by person, vetoes), then one bulk update: the grading job and the committee's page
call it."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from chuangwen.scoring.models import LedgerEntry

from .grading import GAP, OK, OVERLAP, grade_for, rules_of
from .models import Component, EvaluationRow, Grade, VetoRecord

TWO = Decimal("0.01")
INPUT = {
    Component.Kind.SELF: "self_score",
    Component.Kind.DEPARTMENT: "department_score",
    Component.Kind.COMMITTEE: "committee_score",
    Component.Kind.PATIENTS: "patients_score",
}
FIELDS = ["record_score", "deductions", "bonuses", "score", "veto", "suggested_grade", "outcome", "outcome_note"]


def ledger_sums(person_ids, year: int) -> dict[int, tuple[Decimal, Decimal]]:
    """Per person (deductions as a positive number, bonuses) of the counted entries of ``year``:
    neither a counter-entry nor cancelled by one."""
    rows = (
        LedgerEntry.objects.filter(
            person_id__in=person_ids, occurred_on__year=year, reverses__isnull=True, reversed_by__isnull=True
        )
        .values("person_id")
        .annotate(minus=Sum("points", filter=Q(points__lt=0)), plus=Sum("points", filter=Q(points__gt=0)))
    )
    return {r["person_id"]: (-(r["minus"] or 0), r["plus"] or Decimal(0)) for r in rows}


def vetoed(person_ids, year: int) -> set[int]:
    return set(
        VetoRecord.objects.filter(
            person_id__in=person_ids, occurred_on__year=year, withdrawn_at__isnull=True
        ).values_list("person_id", flat=True)
    )


def compute_row(row, *, weights, rules, scale, sums, vetoes) -> None:
    """Fill the computed fields of one row (no save)."""
    deductions, bonuses = sums.get(row.person_id, (Decimal(0), Decimal(0)))
    row.deductions, row.bonuses = deductions, bonuses
    row.record_score = min(scale, max(Decimal(0), scale - deductions + bonuses))
    row.veto = row.person_id in vetoes
    missing = []
    total = Decimal(0)
    for kind, weight in weights.items():
        value = row.record_score if kind == Component.Kind.RECORD else getattr(row, INPUT[kind])
        if value is None:
            missing.append(str(Component.Kind(kind).label))
            continue
        total += Decimal(value) * weight / 100
    row.suggested_grade = ""
    if missing:
        row.score = None
        # A veto grades without the score: the veto rule needs no component.
        result = grade_for(rules, 0, deductions, True) if row.veto else None
        if result is None or result.outcome != OK:
            row.outcome = EvaluationRow.Outcome.INCOMPLETE
            row.outcome_note = (_("Missing: %(what)s") % {"what": "、".join(missing)})[:200]
            return
    else:
        row.score = total.quantize(TWO)
        result = grade_for(rules, row.score, deductions, row.veto)
    row.outcome_note = ""
    if result.outcome == OK:
        row.outcome = EvaluationRow.Outcome.OK
        row.suggested_grade = result.grade
    elif result.outcome == GAP:
        row.outcome = EvaluationRow.Outcome.GAP
        row.outcome_note = _("Score %(s)s with deductions %(d)s fits no grade rule.") % {
            "s": row.score,
            "d": deductions,
        }
    elif result.outcome == OVERLAP:
        row.outcome = EvaluationRow.Outcome.OVERLAP
        row.outcome_note = _("Score %(s)s with deductions %(d)s fits several grades: %(g)s.") % {
            "s": row.score,
            "d": deductions,
            "g": "、".join(str(Grade(g).label) for g in result.grades),
        }


def _values(row) -> tuple:
    return tuple(getattr(row, f) for f in FIELDS)


def rows_compute(evaluation, rows=None) -> list:
    """Compute ``rows`` (all of the evaluation's when None) and store the changed ones in one
    upsert on (evaluation, person): linear, where ``bulk_update``'s CASE per row is quadratic in
    the batch (2,000 rows took seconds)."""
    rule_set = evaluation.rule_set
    weights = {c.kind: c.weight for c in rule_set.components.all()}
    rules = rules_of(rule_set)
    if rows is None:
        rows = list(EvaluationRow.objects.filter(evaluation=evaluation))
    ids = [r.person_id for r in rows]
    sums = ledger_sums(ids, evaluation.year)
    vetoes = vetoed(ids, evaluation.year)
    changed = []
    for row in rows:
        before = _values(row)
        compute_row(row, weights=weights, rules=rules, scale=rule_set.scale_max, sums=sums, vetoes=vetoes)
        if _values(row) != before:
            changed.append(row)
    if changed:
        EvaluationRow.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["evaluation", "person"],
            update_fields=FIELDS,
            batch_size=1000,
        )
    return rows


def quota_excess(evaluation, rows) -> list[dict]:
    """Where more people are 优秀 (decided, or suggested when undecided) than the quota allows:
    ``[{"where", "count", "allowed", "excess"}]``; empty without a quota or within it."""
    rule_set = evaluation.rule_set
    if rule_set.excellent_quota is None:
        return []
    groups: dict = {}
    for r in rows:
        key = r.department_id if rule_set.quota_scope == rule_set.QuotaScope.DEPARTMENT else None
        g = groups.setdefault(key, {"n": 0, "excellent": 0, "name": ""})
        g["n"] += 1
        g["excellent"] += r.effective_grade == Grade.EXCELLENT
        if key is not None:
            g["name"] = r.department.name
    out = []
    for g in groups.values():
        allowed = int(g["n"] * rule_set.excellent_quota // 100)
        if g["excellent"] > allowed:
            out.append(
                {
                    "where": g["name"] or _("the whole unit"),
                    "count": g["excellent"],
                    "allowed": allowed,
                    "excess": g["excellent"] - allowed,
                    "people": g["n"],
                }
            )
    return out
