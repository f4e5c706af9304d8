"""Pages of 创建进度 (campaign progress, the bureau's table over its hospitals) and 消息 (the user's
notifications). Every read goes through the scope: another unit's campaign is 404."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.campaigns.models import Campaign
from chuangwen.core.middleware import SESSION_KEY
from chuangwen.core.roles import Role
from chuangwen.core.scoping import get_visible_or_404
from chuangwen.evidence.models import ItemCompliance
from chuangwen.inspections import stats
from chuangwen.org.models import Unit
from chuangwen.scoring.readiness import readiness_marks
from chuangwen.standards.models import TitleLevel

from . import progress, selectors, services
from .templatetags.dashboard_tags import rate_class

BUREAU_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
BUREAU_PAGE_SIZE = 50
NOTIFICATION_PAGE_SIZE = 30


def is_bureau_user(user) -> bool:
    return user.is_superuser or bool(user.roles() & BUREAU_ROLES)


@login_required
def my_progress(request):
    """创建进度 in the menu: the current unit's active campaign, or the bureau table for a
    supervisor working across their region."""
    unit = request.current_unit
    if unit is None and is_bureau_user(request.user):
        return redirect("dashboard:bureau_progress")
    campaign = progress.active_campaign(unit, request.user) if unit else None
    if campaign is not None:
        return redirect("dashboard:campaign_progress", pk=campaign.pk)
    return render(request, "dashboard/progress_none.html", {"unit": unit})


@login_required
def campaign_progress(request, pk: int):
    campaign = get_visible_or_404(Campaign.objects.select_related("unit__region", "standard"), request.user, pk=pk)
    data = progress.campaign_progress(campaign, user=request.user)
    state = request.GET.get("state", "")
    if state in ItemCompliance.Status.values:
        # The home page's "items not met yet": the item table keeps only the items in that state.
        data = dataclasses.replace(data, aspects=_only_state(data.aspects, state))
    chart = {
        "labels": [a.title for a in data.aspects],
        "percent": [a.score.percent for a in data.aspects],
        "score": [float(a.score.score) for a in data.aspects],
        "points": [float(a.score.points) for a in data.aspects],
    }
    period = stats.Period(campaign.starts_on, min(campaign.ends_on, data.today))
    inspection_stats = stats.panel_context(user=request.user, unit=campaign.unit, period=period, today=data.today)
    return render(
        request,
        "dashboard/progress_campaign.html",
        {
            "p": data,
            "campaign": campaign,
            "chart": chart,
            "is_bureau": is_bureau_user(request.user),
            "inspection_stats": inspection_stats,
            "state_label": ItemCompliance.Status(state).label if state in ItemCompliance.Status.values else "",
        },
    )


def _only_state(aspects, state: str):
    out = []
    for a in aspects:
        indicators = [dataclasses.replace(i, items=[it for it in i.items if it.state == state]) for i in a.indicators]
        indicators = [i for i in indicators if i.items]
        if indicators:
            out.append(dataclasses.replace(a, indicators=indicators))
    return out


def _bureau_filters(request):
    regions = list(progress.bureau_regions(request.user))
    region = None
    region_id = request.GET.get("region", "")
    if region_id.isdigit():
        region = next((r for r in regions if r.pk == int(region_id)), None)
    category = request.GET.get("category", "")
    if category not in Unit.Category.values:
        category = ""
    sort = request.GET.get("sort", "name")
    if sort not in progress.BUREAU_SORTS:
        sort = "name"
    return {
        "regions": regions,
        "region": region,
        "category": category,
        "q": request.GET.get("q", "").strip()[:50],
        "sort": sort,
        "show_all": request.GET.get("all") == "1",
    }


@login_required
def bureau_progress(request):
    """辖区进度: every hospital under the supervisor's region with its campaign's progress."""
    if not is_bureau_user(request.user):
        raise PermissionDenied
    f = _bureau_filters(request)
    units = progress.bureau_units(
        request.user, region=f["region"], category=f["category"], q=f["q"], sort=f["sort"]
    ).select_related("region")
    if f["show_all"]:
        rows, page_obj, paginator = list(units), None, None
    else:
        paginator = Paginator(units, BUREAU_PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("page"))
        rows = list(page_obj.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    # Display values computed once here: the page may hold 2,000 rows, and each template filter
    # call per row counts.
    levels = dict(TitleLevel.choices)
    marks = readiness_marks(rows, progress.local_today())
    for u in rows:
        u.target_level_label = levels.get(u.target_level, "")
        u.score_text = f"{float(u.score_pct or 0):.1f}"
        u.rate = rate_class(u.score_pct)
        u.mark = marks[u.pk]
        u.reached = u.mark.reached(u.score_pct) if u.campaign_id else None
    categories = [c for c in Unit.Category.choices if c[0] != Unit.Category.BUREAU]
    return render(
        request,
        "dashboard/progress_bureau.html",
        {
            **f,
            "rows": rows,
            "page_obj": page_obj,
            "paginator": paginator,
            "query_without_page": query.urlencode(),
            "query_without_sort": sort_query.urlencode(),
            "categories": categories,
            "open_label": _("Open"),
            "veto_label": _("Ineligible (一票否决)"),
            "pass_label": _("Pass line"),
        },
    )


@login_required
@require_POST
def bureau_enter(request):
    """From the bureau table (POST ``unit``): work in this unit, as org:unit_switch does, and open
    its campaign progress."""
    pk = request.POST.get("unit", "")
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=int(pk) if pk.isdigit() else 0)
    request.session[SESSION_KEY] = unit.pk
    campaign = progress.active_campaign(unit, request.user)
    if campaign is None:
        messages.info(request, _("%(unit)s has no campaign in progress.") % {"unit": unit.name})
        return redirect("home")
    return redirect("dashboard:campaign_progress", pk=campaign.pk)


# --- notifications -----------------------------------------------------------------------------


@login_required
def notifications(request):
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.user_notifications(request.user, unread_only=unread_only)
    page_obj = Paginator(qs, NOTIFICATION_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboard/notifications.html",
        {
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "rows": list(page_obj.object_list),
            "unread_only": unread_only,
            "query_without_page": query.urlencode(),
        },
    )


def _mine(request, pk: int):
    return get_object_or_404(selectors.user_notifications(request.user), pk=pk)


@login_required
def notification_open(request, pk: int):
    """Follow a notification's link, marking it read. Only local links are followed."""
    n = services.notification_mark_read(user=request.user, notification=_mine(request, pk))
    safe = n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}, require_https=False)
    return redirect(n.url if safe else "dashboard:notifications")


@login_required
@require_POST
def notification_read(request, pk: int):
    n = services.notification_mark_read(user=request.user, notification=_mine(request, pk))
    if request.headers.get("HX-Request"):
        return render(request, "dashboard/notification_row.html", {"n": n})
    return redirect(_back(request))


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect(_back(request))


def _back(request) -> str:
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=False):
        return nxt
    return reverse("dashboard:notifications")


@login_required
def notification_badge(request):
    """The bell in the top bar (loaded by htmx, so pages themselves make no extra query)."""
    count = selectors.unread_count(request.user)
    response = render(request, "dashboard/notification_badge.html", {"count": count})
    response["Cache-Control"] = "no-store"
    return response
