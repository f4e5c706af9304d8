"""The rule-set checker: every (score, deductions) of the scale tried against the grade rules,
each region where no grade or two grades apply reported with an example point ("得分80、扣分27时
没有等次适用"). Exact, not sampled: the conditions' values cut both axes into intervals, and
every point of one cell (a value or the open interval between two) meets the same rules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from .grading import GAP, OVERLAP, Rule, grade_for


@dataclass(frozen=True)
class Problem:
    kind: str  # gap or overlap
    score_from: Decimal
    score_to: Decimal
    deductions_from: Decimal
    deductions_to: Decimal
    example_score: Decimal
    example_deductions: Decimal
    veto: bool = False
    grades: tuple[str, ...] = ()

    def contains(self, score, deductions) -> bool:
        return (
            self.score_from <= Decimal(score) <= self.score_to
            and self.deductions_from <= Decimal(deductions) <= self.deductions_to
        )

    @property
    def message(self) -> str:
        from .models import Grade

        where = {
            "s1": _n(self.score_from),
            "s2": _n(self.score_to),
            "d1": _n(self.deductions_from),
            "d2": _n(self.deductions_to),
            "s": _n(self.example_score),
            "d": _n(self.example_deductions),
        }
        if self.kind == GAP:
            text = _(
                "Score %(s1)s–%(s2)s with deductions %(d1)s–%(d2)s fits no grade (e.g. score %(s)s, deductions %(d)s)."
            )
        else:
            where["grades"] = "、".join(str(Grade(g).label) for g in self.grades)
            text = _(
                "Score %(s1)s–%(s2)s with deductions %(d1)s–%(d2)s fits several grades: %(grades)s "
                "(e.g. score %(s)s, deductions %(d)s)."
            )
        return (_("With a veto: ") if self.veto else "") + text % where


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _cells(cuts: set[Decimal], low: Decimal, high: Decimal) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(from, to, a point inside) for each value and open interval between the cuts."""
    points = sorted({low, high, *(c for c in cuts if low < c < high)})
    cells = []
    for i, p in enumerate(points):
        cells.append((p, p, p))
        if i + 1 < len(points):
            q = points[i + 1]
            middle = ((p + q) / 2).quantize(Decimal("1"), rounding=ROUND_FLOOR)
            if not p < middle < q:
                middle = (p + q) / 2
            cells.append((p, q, middle))
    return cells


def problems_of(rules: list[Rule], *, scale_max, deductions_max) -> list[Problem]:
    """Gaps and overlaps, each a rectangle of neighbouring cells with the same answer."""
    scale_max, deductions_max = Decimal(scale_max), Decimal(deductions_max)
    cuts = {"score": set(), "deductions": set()}
    for r in rules:
        for f, _op, v in r.conditions:
            cuts[f].add(v)
    score_cells = _cells(cuts["score"], Decimal(0), scale_max)
    ded_cells = _cells(cuts["deductions"], Decimal(0), deductions_max)
    found: list[Problem] = []
    for veto in (False, True):
        if veto and not any(r.on_veto for r in rules):
            continue
        runs_by_ded = []
        for d in ded_cells:
            runs, current = [], None
            for s in score_cells:
                result = grade_for(rules, s[2], d[2], veto)
                key = (result.outcome, result.grades) if result.outcome in (GAP, OVERLAP) else None
                if key and current and current[0] == key:
                    current[1].append(s)
                else:
                    current = (key, [s]) if key else None
                    if current:
                        runs.append(current)
            runs_by_ded.append((d, [(k, cells[0][0], cells[-1][1], cells) for k, cells in runs]))
        found.extend(_merge(runs_by_ded, veto))
    return found


def _merge(runs_by_ded, veto: bool) -> list[Problem]:
    """Join the same score run over neighbouring deduction cells into one rectangle."""
    open_: dict[tuple, list] = {}
    done: list[Problem] = []
    for d, runs in runs_by_ded:
        keys = set()
        for kind_grades, s1, s2, cells in runs:
            key = (kind_grades, s1, s2)
            keys.add(key)
            open_.setdefault(key, []).append((d, cells))
        for key in [k for k in open_ if k not in keys]:
            done.append(_problem(key, open_.pop(key), veto))
    done.extend(_problem(k, v, veto) for k, v in open_.items())
    return done


def _problem(key, parts, veto: bool) -> Problem:
    (kind, grades), s1, s2 = key
    mid_d = parts[len(parts) // 2][0][2]
    cells = parts[0][1]
    mid_s = cells[len(cells) // 2][2]
    return Problem(
        kind=kind,
        score_from=s1,
        score_to=s2,
        deductions_from=parts[0][0][0],
        deductions_to=parts[-1][0][1],
        example_score=mid_s,
        example_deductions=mid_d,
        veto=veto,
        grades=grades,
    )
