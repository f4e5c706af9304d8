"""Typing in paper survey cards: a grid of rows for one survey and department."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import ScopeSpec, scope_q
from chuangwen.org.models import Department

from .. import selectors, services
from ..models import RESULT_PERMS, Question
from .common import need_unit


class _DepartmentAsResult:
    """A department seen as the results it holds: the departments where the user may type in
    responses are those whose responses they may change (same ScopeSpec, paths from Department)."""

    scoping = ScopeSpec(unit="unit", department="", perms=RESULT_PERMS)


def entry_departments(user, unit):
    return Department.objects.filter(scope_q(_DepartmentAsResult, user, CHANGE), unit=unit, is_active=True).order_by(
        "sort_order", "id"
    )


PAPER_ROWS = 10


@login_required
def paper_entry(request):
    unit = need_unit(request)
    if unit is None:
        return redirect("surveys:dashboard")
    departments = entry_departments(request.user, unit)
    if not departments.exists():
        raise PermissionDenied
    templates = selectors.templates(user=request.user, unit=unit).filter(is_active=True)
    params = request.POST if request.method == "POST" else request.GET
    template = templates.filter(pk=params.get("template") or 0).first() or templates.first()
    department = departments.filter(pk=params.get("department") or 0).first()
    if department is None and departments.count() == 1:
        department = departments.first()
    questions = list(template.questions.filter(is_active=True).order_by("order", "id")) if template else []
    errors: list[str] = []
    rows_in = []
    if request.method == "POST":
        if department is None:
            errors.append(_("Choose the department the cards are about."))
        rows_in = _card_rows(request.POST, questions)
        if rows_in is None:
            errors.append(
                _("At most %(max)s cards can be typed in at once; save them in batches.")
                % {"max": settings.SURVEYS_PAPER_MAX_ROWS}
            )
            rows_in = []
        if not errors:
            try:
                stored = services.paper_cards_enter(
                    template=template, department=department, rows=[r for r, _raw in rows_in if r], user=request.user
                )
            except services.BatchError as exc:
                errors = exc.errors
            else:
                messages.success(request, _("%(n)s cards saved.") % {"n": len(stored)})
                return redirect(f"{reverse('surveys:paper_entry')}?template={template.pk}&department={department.pk}")
    n_rows = max(PAPER_ROWS, len(rows_in))
    grid_values = {f"r{i}-{k}": v for i, (_row, raw) in enumerate(rows_in, start=1) for k, v in raw.items() if v}
    ctx = {
        "templates": templates,
        "departments": departments,
        "template": template,
        "department": department,
        "questions": questions,
        "grid": range(1, n_rows + 1),
        "grid_values": grid_values,
        "errors": errors,
        "today": timezone.localdate(),
    }
    return render(request, "surveys/paper_entry.html", ctx, status=400 if errors else 200)


def _card_rows(post, questions):
    """(CardRow or None for an empty row, raw values for re-display) per row of the grid; None when
    the grid claims more rows than ``SURVEYS_PAPER_MAX_ROWS`` (checked before reading any row)."""
    out = []
    claimed = post.get("rows", "").strip()
    n = int(claimed) if claimed.isascii() and claimed.isdigit() and len(claimed) <= 9 else PAPER_ROWS
    if n > settings.SURVEYS_PAPER_MAX_ROWS:
        return None
    for i in range(1, n + 1):
        raw = {f"q{q.pk}": post.get(f"r{i}-q{q.pk}", "").strip() for q in questions}
        raw["card_no"] = post.get(f"r{i}-card_no", "").strip()[:30]
        raw["suggestion"] = post.get(f"r{i}-suggestion", "").strip()
        raw["date"] = post.get(f"r{i}-date", "").strip()
        if not any(raw.values()):
            out.append((None, raw))
            continue
        values: dict[int, object] = {}
        for q in questions:
            v = raw[f"q{q.pk}"]
            # Multiple choice typed as digits: "13" or "1,3" both mean options 1 and 3.
            values[q.pk] = (
                [c for c in v.replace(",", "").replace("，", "").replace(" ", "")]
                if q.kind == Question.Kind.MULTIPLE
                else v
            )
        try:
            filled_on = date.fromisoformat(raw["date"]) if raw["date"] else None
        except ValueError:
            filled_on = None
        out.append(
            (
                services.CardRow(
                    row=i, values=values, card_no=raw["card_no"], suggestion=raw["suggestion"], filled_on=filled_on
                ),
                raw,
            )
        )
    return out
