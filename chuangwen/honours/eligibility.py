"""Who may be nominated for an honour, and why not: the honour type's rules (``rules.py``)
applied to many nominees at once (a fixed number of queries whatever their number).

Ethics reasons come only from ``chuangwen.ethics.eligibility`` (``marks_for``, ``grades_for``):
this module never reads the ethics app's models."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _

from chuangwen.ethics import eligibility as ethics
from chuangwen.feedback.models import Complaint
from chuangwen.org.models import Person

SUBSTANTIATED = (Complaint.Outcome.SUBSTANTIATED, Complaint.Outcome.PARTLY)


def _complaints(year: int, field: str, ids) -> dict[int, int]:
    rows = (
        Complaint.objects.filter(
            **{f"{field}__in": ids},
            outcome__in=SUBSTANTIATED,
            archived_at__isnull=True,
            received_at__year=year,
        )
        .values(field)
        .annotate(n=Count("id"))
    )
    return {r[field]: r["n"] for r in rows}


def _political_names(values) -> str:
    labels = dict(Person.Political.choices)
    return "、".join(str(labels.get(v, v)) for v in values)


def person_reasons(honour_type, people, year: int) -> dict[int, list[str]]:
    """For each person (``org.Person`` rows), the reasons they may not receive ``honour_type`` in
    ``year`` (an empty list: eligible)."""
    people = list(people)
    out: dict[int, list[str]] = {p.pk: [] for p in people}
    if not people:
        return out
    ids = [p.pk for p in people]
    rules = honour_type.rules or []
    kinds = {r["kind"] for r in rules}
    marks = ethics.marks_for(ids, year) if "no_ethics_mark" in kinds else {}
    grades = ethics.grades_for(ids, year) if "min_ethics_grade" in kinds else {}
    complaints = _complaints(year, "person_id", ids) if "no_substantiated_complaint" in kinds else {}
    for rule in rules:
        kind = rule["kind"]
        for p in people:
            reasons = out[p.pk]
            if kind == "no_ethics_mark":
                reasons.extend(m.reason for m in marks.get(p.pk, []))
            elif kind == "min_ethics_grade" and p.pk in grades:
                graded_year, grade = grades[p.pk]
                if ethics.GRADE_ORDER.index(grade) < ethics.GRADE_ORDER.index(rule["grade"]):
                    reasons.append(
                        _("Ethics grade of %(year)s is %(grade)s; this honour requires %(required)s or better.")
                        % {
                            "year": graded_year,
                            "grade": ethics.grade_label(grade),
                            "required": ethics.grade_label(rule["grade"]),
                        }
                    )
            elif kind == "no_substantiated_complaint":
                n = complaints.get(p.pk, 0)
                if n > rule.get("max", 0):
                    reasons.append(
                        _("%(n)s substantiated complaint(s) naming this person in %(year)s.") % {"n": n, "year": year}
                    )
            elif kind == "political_status" and p.political_status not in rule["values"]:
                reasons.append(
                    _("Political status is “%(status)s”; this honour requires: %(allowed)s.")
                    % {"status": p.get_political_status_display(), "allowed": _political_names(rule["values"])}
                )
            elif kind == "post_contains" and rule["text"] not in f"{p.title} {p.position}":
                reasons.append(_("Professional title or post does not contain “%(text)s”.") % {"text": rule["text"]})
    return out


def department_reasons(honour_type, departments, year: int) -> dict[int, list[str]]:
    """For each department, the reasons it may not receive a department honour in ``year``."""
    departments = list(departments)
    out: dict[int, list[str]] = defaultdict(list)
    for d in departments:
        out[d.pk] = []
    rules = [r for r in honour_type.rules or [] if r["kind"] == "no_substantiated_complaint"]
    if not rules or not departments:
        return dict(out)
    complaints = _complaints(year, "department_id", [d.pk for d in departments])
    for rule in rules:
        for d in departments:
            n = complaints.get(d.pk, 0)
            if n > rule.get("max", 0):
                out[d.pk].append(
                    _("%(n)s substantiated complaint(s) against this department in %(year)s.") % {"n": n, "year": year}
                )
    return dict(out)


def nomination_reasons(nominations, year: int) -> dict[int, list[str]]:
    """Reasons per nomination id, for nominations of any honour types (grouped by type)."""
    by_type = defaultdict(list)
    for n in nominations:
        by_type[n.honour_type_id].append(n)
    out: dict[int, list[str]] = {}
    for group in by_type.values():
        honour_type = group[0].honour_type
        if honour_type.subject == honour_type.Subject.DEPARTMENT:
            found = department_reasons(honour_type, [n.department for n in group], year)
            out.update({n.pk: found.get(n.department_id, []) for n in group})
        else:
            found = person_reasons(honour_type, [n.person for n in group], year)
            out.update({n.pk: found.get(n.person_id, []) for n in group})
    return out
