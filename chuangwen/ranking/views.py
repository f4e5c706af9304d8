"""Pages of the bureau's ranking: the ranking of a month (sortable, filtered, with 12-month
sparklines), its .xlsx, the on-demand refresh, a unit's 12-month figures (drill-down) and the
ranking bulletins. Only supervisors read the ranking (anyone else: 403); every row comes through
the snapshots' scope, so a unit outside the region is not found."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import download_record, export_record
from chuangwen.core.files import file_response
from chuangwen.core.months import add_months
from chuangwen.core.replica import replica_view
from chuangwen.core.xlsx import XLSX_CONTENT_TYPE
from chuangwen.dashboard import progress
from chuangwen.reports.documents import DOCX_TYPE, current_template, kind_get
from chuangwen.standards.models import TitleLevel
from chuangwen.surveys.selectors import parse_month

from . import bulletin as bulletin_doc
from . import selectors, services
from .exports import ranking_workbook
from .forms import PublishForm
from .models import RankingBulletin, UnitSnapshot
from .tasks import snapshots_refresh_job

PAGE_SIZE = 50


def _supervisor(request) -> None:
    if not selectors.is_supervisor(request.user):
        raise PermissionDenied


def _month(request, months=None):
    months = selectors.months_available() if months is None else months
    latest = months[0] if months else progress.local_today().replace(day=1)
    return parse_month(request.GET.get("month"), latest)


def _filters(request) -> dict:
    regions = list(progress.bureau_regions(request.user))
    region = None
    raw = request.GET.get("region", "")
    if raw.isdigit():
        region = next((r for r in regions if r.pk == int(raw)), None)
    return {
        "regions": regions,
        "region": region,
        "q": request.GET.get("q", "").strip()[:50],
        "sort": selectors.clean_sort(request.GET.get("sort")),
    }


def _decorate(rows) -> None:
    """Display values computed once here (a page may hold many rows)."""
    levels = dict(TitleLevel.choices)
    for r in rows:
        r.level_label = levels.get(r.target_level, "")


@login_required
@replica_view
def ranking(request):
    """辖区创建排名: every unit of the supervisor's region with its month's figures."""
    _supervisor(request)
    f = _filters(request)
    available = selectors.months_available()
    month = _month(request, available)
    base = selectors.month_rows(request.user, month=month, region=f["region"], q=f["q"])
    figures = selectors.key_figures(base)
    qs = selectors.ranked(base, sort=f["sort"])
    paginator = Paginator(qs, PAGE_SIZE)
    paginator.count = figures["units"]  # the same rows, already counted by the key figures
    page_obj = paginator.get_page(request.GET.get("page"))
    rows = list(page_obj.object_list)
    _decorate(rows)
    months, series = selectors.trends([r.unit_id for r in rows], month=month)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    ctx = {
        **f,
        "month": month,
        "months": available,
        "rows": rows,
        "page_obj": page_obj,
        "paginator": page_obj.paginator,
        "query_without_page": query.urlencode(),
        "query_without_sort": sort_query.urlencode(),
        "figures": figures,
        "trend_data": {
            "months": [f"{m:%Y-%m}" for m in months],
            "units": {str(k): v for k, v in series.items()},
        },
        "columns": _columns(),
        "may_publish": services.may_publish(request.user),
    }
    return render(request, "ranking/ranking.html", ctx)


def _columns() -> list[tuple[str, str]]:
    """(sort key, header) of the sortable figure columns, in the table's order."""
    return [
        ("score", _("Score")),
        ("tasks", _("Tasks overdue")),
        ("findings", _("Findings open")),
        ("findings_overdue", _("Findings overdue")),
        ("rectification", _("Rectification rate")),
        ("satisfaction", _("Satisfaction")),
        ("complaints", _("Complaints overdue")),
        ("ethics", _("Ethics vetoes")),
        ("volunteer", _("Volunteer hours per person")),
    ]


@login_required
@replica_view
def ranking_export(request):
    _supervisor(request)
    f = _filters(request)
    month = _month(request)
    rows = list(selectors.ranking_rows(request.user, month=month, region=f["region"], q=f["q"], sort=f["sort"]))
    export_record(request=request, kind="ranking", rows=len(rows), month=f"{month:%Y-%m}")
    response = HttpResponse(ranking_workbook(month, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''ranking-{month:%Y-%m}.xlsx"
    return response


@login_required
@require_POST
def refresh(request):
    """刷新: recompute the figures of the supervisor's region now (a background job)."""
    _supervisor(request)
    where = services.supervised(request.user)
    if where is None:
        raise PermissionDenied
    region = where[0]
    transaction.on_commit(lambda: snapshots_refresh_job.enqueue(region_id=region.pk))
    messages.success(request, _("The figures are being recomputed; reload the page in a minute."))
    return redirect("ranking:ranking")


@login_required
@replica_view
def unit_trend(request, pk: int):
    """One unit's figures over the 12 months up to the chosen month, with links to its own pages."""
    _supervisor(request)
    month = _month(request)
    latest = (
        selectors.snapshots(request.user)
        .filter(unit_id=pk, month__lte=month)
        .select_related("unit__region", "campaign")
        .order_by("-month")
        .first()
    )
    if latest is None:
        raise Http404
    _decorate([latest])
    months, series = selectors.trends([pk], month=month)
    rows = list(
        UnitSnapshot.objects.filter(unit_id=pk, month__gte=add_months(month, -11), month__lte=month).order_by("-month")
    )
    ctx = {
        "s": latest,
        "unit": latest.unit,
        "month": month,
        "rows": rows,
        "trend_data": {"months": [f"{m:%Y-%m}" for m in months], "units": {str(pk): series.get(pk, {})}},
    }
    return render(request, "ranking/unit.html", ctx)


# --- bulletins ---------------------------------------------------------------------------------


@login_required
def bulletin_list(request):
    """排名通报: those a supervisor published, or those a unit received."""
    qs = RankingBulletin.objects.visible_to(request.user).select_related("bureau", "region", "created_by")
    page_obj = Paginator(qs.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    ctx = {"page_obj": page_obj, "paginator": page_obj.paginator, "rows": list(page_obj.object_list)}
    if services.may_publish(request.user):
        ctx["form"] = PublishForm(months=selectors.months_available())
        region, bureau = services.supervised(request.user)
        ctx["bureau"] = bureau
        ctx["template"] = current_template(kind_get(bulletin_doc.KIND), bureau)
    return render(request, "ranking/bulletins.html", ctx)


@login_required
@require_POST
def bulletin_publish(request):
    if not services.may_publish(request.user):
        raise PermissionDenied
    form = PublishForm(request.POST, months=selectors.months_available())
    if form.is_valid():
        try:
            b = services.bulletin_publish(
                user=request.user, month=form.cleaned_data["month"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(title)s was published to %(n)s units.") % {"title": b.title, "n": len(b.figures)}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("ranking:bulletins")


@login_required
def bulletin_download(request, pk: int):
    b = RankingBulletin.objects.visible_to(request.user).filter(pk=pk).first()
    if b is None or not b.file:
        raise Http404
    name = f"{b.title}（第{b.number}期）.docx"
    download_record(request=request, target=b, kind="ranking_bulletin", filename=name)
    return file_response(b.file, content_type=DOCX_TYPE, filename=name, inline=False)
