"""The bureau's page: each unit's grade distribution and veto count of a year, nobody's row."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from chuangwen.core.workdays import local_today

from ..models import Evaluation, Grade
from ..selectors import distribution as grade_distribution


@login_required
def distribution(request):
    try:
        year = int(request.GET.get("year") or local_today().year)
    except ValueError:
        year = local_today().year
    evaluations = list(
        Evaluation.objects.visible_to(request.user).filter(year=year).select_related("unit").order_by("unit__name")
    )
    counts = grade_distribution(evaluations)
    table = []
    for e in evaluations:
        c = counts.get(e.pk, {})
        table.append(
            {
                "evaluation": e,
                "total": c.get("total", 0),
                "vetoes": c.get("vetoes", 0),
                "grades": [c.get(g, 0) for g in Grade.values],
            }
        )
    return render(
        request,
        "ethics/bureau.html",
        {
            "table": table,
            "year": year,
            "grades": [g.label for g in Grade],
            "years": range(local_today().year, local_today().year - 4, -1),
        },
    )
