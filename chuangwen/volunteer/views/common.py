"""What every volunteer page asks first: which unit, which year, and may the user manage it."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from chuangwen.core.lookups import resolve
from chuangwen.core.scoping import can_in_unit
from chuangwen.org.models import Unit

from ..models import ServiceHours


def page_unit(request) -> Unit:
    """The hospital a page is about: the one chosen in the header, else the user's own."""
    unit = request.current_unit
    if unit is None:
        unit_id = next((m.unit_id for m in request.user.scope_memberships() if m.unit_id), None)
        if unit_id is None:
            raise Http404
        unit = resolve(Unit.objects.all(), unit_id, user=request.user)
    return unit


def page_year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    today = timezone.localdate()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year


def is_office(user, unit: Unit) -> bool:
    return can_in_unit(user, ServiceHours, unit)


def years(selected: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), selected}, reverse=True)


def paged(request, items, per_page: int) -> dict:
    """The page of ``items`` the request asks for, with what ``includes/pagination.html`` needs."""
    from django.core.paginator import Paginator

    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page, "paginator": page.paginator, "query_without_page": query.urlencode()}
