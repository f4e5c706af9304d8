"""量化考核 pages: the monthly ranking (with publish, recompute and the .xlsx), a department's
month and 12-month trend, the bureau's ranking of its units, and the office's scheme."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.lookups import resolve
from chuangwen.core.xlsx import XLSX_CONTENT_TYPE
from chuangwen.org.models import Department, Unit

from .. import department_scores as scores
from ..department_scheme import DEFAULT_RULES, describe, rules_of
from ..department_scores import month_start
from ..exports import ranking_workbook
from ..forms import SchemeForm, rules_as_text
from ..models import LedgerEntry, Scheme
from ..services.departments import may_manage, scheme_save

UNITS_PER_PAGE = 100


def page_unit(request) -> Unit:
    """The unit a page is about: the one chosen in the header, else the user's own."""
    if request.current_unit is not None:
        return request.current_unit
    unit_id = next((m.unit_id for m in request.user.scope_memberships() if m.unit_id), None)
    if unit_id is None:
        raise Http404
    return resolve(Unit.objects.all(), unit_id, user=request.user)


def page_month(request) -> datetime.date:
    raw = request.GET.get("month") or request.POST.get("month") or ""
    try:
        month = datetime.datetime.strptime(raw[:7], "%Y-%m").date()
    except ValueError:
        return month_start(timezone.localdate())
    return month if 2000 <= month.year <= 2100 else month_start(timezone.localdate())


def _months(month: datetime.date) -> list[datetime.date]:
    return scores.months_back(month_start(timezone.localdate()), 12)[::-1]


@login_required
def ranking(request):
    unit = page_unit(request)
    if unit.kind != Unit.Kind.HOSPITAL:  # a bureau ranks its units
        return redirect("scoring_departments:units")
    month = page_month(request)
    rows = list(scores.ranking(user=request.user, unit_id=unit.pk, month=month))
    office = may_manage(request.user, unit.pk)
    ctx = {
        "unit": unit,
        "month": month,
        "months": _months(month),
        "rows": rows,
        "office": office,
        "has_scheme": Scheme.objects.filter(unit=unit).exists(),
        "published": bool(rows) and rows[0].published_at is not None,
    }
    return render(request, "scoring/departments/ranking.html", ctx)


@login_required
def ranking_export(request):
    unit = page_unit(request)
    month = page_month(request)
    rows = list(scores.ranking(user=request.user, unit_id=unit.pk, month=month))
    response = HttpResponse(ranking_workbook(unit, month, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''department-scores-{month:%Y-%m}.xlsx"
    return response


@login_required
@require_POST
def ranking_action(request):
    unit = page_unit(request)
    month = page_month(request)
    if not may_manage(request.user, unit.pk):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "publish":
            n = scores.scores_publish(unit=unit, month=month, user=request.user)
            messages.success(request, _("Published the scores of %(n)s departments.") % {"n": n})
        else:
            scores.scores_recompute(unit=unit, month=month)
            messages.success(request, _("Scores recomputed from the ledger."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("scoring_departments:ranking") + f"?month={month:%Y-%m}")


@login_required
def department_month(request, pk: int):
    department = resolve(Department.objects.select_related("unit"), pk, user=request.user)
    month = page_month(request)
    entries = (
        LedgerEntry.objects.visible_to(request.user)
        .filter(department=department, period=month)
        .select_related("person", "reverses", "appeal")
        .order_by("-occurred_on", "-id")
    )
    trend = scores.trend(user=request.user, department_id=department.pk, month=month)
    score = next(
        (
            s
            for s in scores.ranking(user=request.user, unit_id=department.unit_id, month=month)
            if s.department_id == department.pk
        ),
        None,
    )
    chart = {
        "months": [f"{t['month']:%Y-%m}" for t in trend],
        "scores": [None if t["score"] is None else float(t["score"]) for t in trend],
        "ranks": [t["rank"] for t in trend],
        "name": department.name,
    }
    ctx = {
        "department": department,
        "month": month,
        "months": _months(month),
        "entries": entries,
        "score": score,
        "chart": chart,
    }
    return render(request, "scoring/departments/department.html", ctx)


@login_required
def unit_ranking(request):
    month = page_month(request)
    units = Unit.objects.visible_to(request.user).filter(kind=Unit.Kind.HOSPITAL)
    # The whole region is ranked in the database; the page shows it 100 units at a time.
    page = Paginator(scores.unit_ranking(units=units, month=month), UNITS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "rows": page.object_list,
        "page_obj": page,
        "paginator": page.paginator,
        "query_without_page": f"month={month:%Y-%m}",
        "month": month,
        "months": _months(month),
    }
    return render(request, "scoring/departments/units.html", ctx)


@login_required
def scheme_edit(request):
    unit = page_unit(request)
    if not may_manage(request.user, unit.pk):
        raise PermissionDenied
    scheme = Scheme.objects.filter(unit=unit).first()
    initial = {
        "name": scheme.name if scheme else _("Monthly department assessment"),
        "base_score": scheme.base_score if scheme else 100,
        "bonus_cap": scheme.bonus_cap if scheme else 10,
        "floor": scheme.floor if scheme else 0,
        "appeal_days": scheme.appeal_days if scheme else 5,
        "warning_line": scheme.warning_line if scheme else 90,
        "rules": rules_as_text(scheme.rules if scheme else DEFAULT_RULES),
    }
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            scheme_save(
                unit=unit,
                user=request.user,
                name=d["name"],
                base_score=d["base_score"],
                rules=d["rules"],
                bonus_cap=d["bonus_cap"],
                floor=d["floor"],
                appeal_days=d["appeal_days"],
                warning_line=d["warning_line"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Scheme saved."))
            return redirect("scoring_departments:scheme")
    rules = [describe(r) for r in rules_of(scheme).values()] if scheme else []
    history = scheme.history.select_related("history_user").order_by("-history_date")[:10] if scheme else []
    return render(
        request, "scoring/departments/scheme.html", {"form": form, "scheme": scheme, "rules": rules, "history": history}
    )
