"""Who may not be promoted, honoured or pass the periodic assessment in a year, and why.

The one question other modules ask of the ethics evaluation (honours refuse a nomination with
these reasons; the person's page shows them). A mark comes from a recorded veto act (一票否决) or
a final grade of 较差 in the year's evaluation, and names its source so a page can link to it.

Kinds:
- ``veto``: a veto record (not withdrawn) dated in the year: no honour, promotion or pass of the
  periodic assessment that year.
- ``poor_grade``: the year's evaluation, once final, graded the person 较差: the same.
- ``cycle``: 较差 in the year before. The physicians' periodic assessment (医师定期考核) runs over
  two years and one 较差 in the cycle fails it, so the mark lasts into the next year; it is about
  the periodic assessment (and promotion within the cycle), and honours of the year may ignore it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

VETO = "veto"
POOR_GRADE = "poor_grade"
CYCLE = "cycle"


@dataclass(frozen=True)
class Mark:
    person_id: int
    year: int
    kind: str  # "veto", "poor_grade" or "cycle"
    reason: str  # in Chinese, e.g. "一票否决：收受红包（2026-05-12）"
    source_url: str = ""


def marks_for(person_ids, year: int) -> dict[int, list[Mark]]:
    """Marks of the given people in ``year`` (two queries whatever the number of people).
    People without a mark are absent from the result."""
    from .models import Evaluation, EvaluationRow, Grade, VetoRecord

    ids = list({int(p) for p in person_ids})
    if not ids:
        return {}
    marks: dict[int, list[Mark]] = {}
    vetoes = (
        VetoRecord.objects.filter(person_id__in=ids, occurred_on__year=year, withdrawn_at__isnull=True)
        .select_related("act")
        .order_by("occurred_on", "id")
    )
    for v in vetoes:
        marks.setdefault(v.person_id, []).append(
            Mark(
                person_id=v.person_id,
                year=year,
                kind=VETO,
                reason=f"一票否决：{v.act.name}（{v.occurred_on:%Y-%m-%d}）",
                source_url=reverse("ethics:person", args=[v.person_id]) + f"#veto-{v.pk}",
            )
        )
    rows = (
        EvaluationRow.objects.filter(
            person_id__in=ids,
            evaluation__year__in=[year, year - 1],
            evaluation__status=Evaluation.Status.FINAL,
            grade=Grade.POOR,
        )
        .order_by("-evaluation__year")
        .values_list("person_id", "evaluation__year", "evaluation_id", "id")
    )
    for person_id, row_year, evaluation_id, row_id in rows:
        url = reverse("ethics:row", args=[evaluation_id, row_id])
        if row_year == year:
            mark = Mark(person_id, year, POOR_GRADE, f"{row_year}年度医德考评等次为较差", url)
        else:
            mark = Mark(person_id, year, CYCLE, f"{row_year}年度医德考评较差（医师定期考核周期内）", url)
        marks.setdefault(person_id, []).append(mark)
    return marks


# Grades from worst to best, for "at least 良好" questions (honours' eligibility).
GRADE_ORDER = ("poor", "fair", "good", "excellent")


def grades_for(person_ids, year: int) -> dict[int, tuple[int, str]]:
    """The most recent final ethics grade of each person, of ``year`` or else of the year before:
    ``{person_id: (evaluation year, grade code)}`` (one query). People without a final grade in
    those two years are absent: a rule such as "ethics grade at least 良好" cannot judge them."""
    from .models import Evaluation, EvaluationRow

    ids = list({int(p) for p in person_ids})
    if not ids:
        return {}
    rows = (
        EvaluationRow.objects.filter(
            person_id__in=ids, evaluation__year__in=[year, year - 1], evaluation__status=Evaluation.Status.FINAL
        )
        .exclude(grade="")
        .order_by("evaluation__year")
        .values_list("person_id", "evaluation__year", "grade")
    )
    return {person_id: (row_year, grade) for person_id, row_year, grade in rows}


def grade_label(code: str) -> str:
    """The Chinese name of a grade code (良好 for ``good``)."""
    from .models import Grade

    return str(dict(Grade.choices).get(code, code))
