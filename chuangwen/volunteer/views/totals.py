"""Totals pages: the unit's people and departments against the rules, one's own hours and
certificate, an item's per-person shortfall, and the bureau's per-unit aggregates."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.lookups import resolve
from chuangwen.core.roles import Role
from chuangwen.org.models import Department, Person, Unit
from chuangwen.reports import documents
from chuangwen.standards.models import Item

from .. import selectors
from ..certificate import certificate_docx
from ..compliance import counts_hours, shortfall
from ..models import ServiceRule
from .common import is_office, page_unit, page_year, paged, years

PER_PAGE = 100


def _sees_people(user) -> bool:
    return user.is_superuser or bool(user.roles() & {Role.OFFICE, Role.DEPT_HEAD, Role.ADMIN})


@login_required
def overview(request):
    """Per person and per department: the year's hours against the rules, who is short and by how much."""
    unit = page_unit(request)
    if unit.kind != Unit.Kind.HOSPITAL:
        return redirect("volunteer:units")
    if not _sees_people(request.user):
        return redirect("volunteer:me")
    year = page_year(request)
    people = Person.objects.visible_to(request.user).filter(unit=unit, is_active=True)
    departments = Department.objects.visible_to(request.user).filter(unit=unit, is_active=True)
    department = None
    if (raw := request.GET.get("department")) and raw.isdigit():
        department = departments.filter(pk=raw).first()
        if department:
            people = people.filter(department=department)
    totals = selectors.person_totals(people, unit_id=unit.pk, year=year)
    summary = selectors.unit_summary(totals, unit_id=unit.pk, year=year)
    by_department = selectors.department_totals(totals)
    short_only = request.GET.get("short") == "1"
    shown = [t for t in totals if t.is_short] if short_only else totals
    ctx = {
        "unit": unit,
        "year": year,
        "years": years(year),
        "summary": summary,
        "rules": summary.rules,
        "Kind": ServiceRule.Kind,
        "departments": by_department,
        "department_choices": list(departments.order_by("sort_order", "id")),
        "department": department,
        "short_only": short_only,
        **paged(request, shown, PER_PAGE),
        "month_numbers": range(1, 13),
        "office": is_office(request.user, unit),
    }
    return render(request, "volunteer/overview.html", ctx)


@login_required
def me(request):
    """One's own hours of the year, cumulative total, star level and the certificate."""
    person = Person.objects.filter(user=request.user).select_related("unit", "department").first()
    if person is None:
        raise Http404
    year = page_year(request)
    total = selectors.person_totals(Person.objects.filter(pk=person.pk), unit_id=person.unit_id, year=year)[0]
    rows = list(selectors.person_hours(person, start=date(year, 1, 1), end=date(year, 12, 31)).reverse())
    ctx = {"person": person, "year": year, "years": years(year), "total": total, "rows": rows,
           "rules": selectors.rules_for(person.unit_id, year), "Kind": ServiceRule.Kind}  # fmt: skip
    return render(request, "volunteer/me.html", ctx)


def _may_see_hours_of(user, person: Person) -> bool:
    if user.is_superuser or person.user_id == user.pk or is_office(user, person.unit):
        return True
    return any(m.role == Role.DEPT_HEAD and m.department_id == person.department_id for m in user.scope_memberships())


@login_required
def person_certificate(request, pk: int):
    """志愿服务证明 of one person for a year (.docx, or ``?format=pdf``): the person, the office of
    the unit or the person's department head."""
    person = resolve(Person.objects.select_related("unit", "department"), pk, user=request.user)
    if not _may_see_hours_of(request.user, person):
        raise Http404
    year = page_year(request)
    end = min(date(year, 12, 31), timezone.localdate())
    return documents.download(
        certificate_docx(person, start=date(year, 1, 1), end=end),
        f"志愿服务证明_{person.name}_{year}",
        pdf=request.GET.get("format") == "pdf",
        unavailable=_("The PDF could not be made; download the Word document instead."),
        request=request,
        target=person,
        kind="volunteer_certificate",
    )


@login_required
def item_shortfall(request, pk: int):
    """A standard item's per-person hours rule ("志愿服务每人每月3小时"): per period, per
    department, who is short and by how much, computed from the hours."""
    item = resolve(Item.objects.select_related("standard"), pk, user=request.user)
    rule = next((r for r in item.rules or [] if counts_hours(r)), None)
    if rule is None:
        raise Http404
    unit = page_unit(request)
    campaign = unit.campaigns.filter(standard=item.standard_id).order_by("-year", "-id").first()
    today = timezone.localdate()
    start, end = (
        (campaign.starts_on, campaign.ends_on) if campaign else (date(today.year, 1, 1), date(today.year, 12, 31))
    )
    periods = shortfall(rule, unit_id=unit.pk, start=start, end=end, today=today)
    visible = set(Person.objects.visible_to(request.user).filter(unit=unit).values_list("pk", flat=True))
    for p in periods:
        p.by_department = {
            name: [s for s in people if s.person.pk in visible] for name, people in p.by_department.items()
        }
        p.by_department = {k: v for k, v in p.by_department.items() if v}
    chosen = request.GET.get("period")
    current = next((p for p in periods if p.label == chosen), None)
    current = current or next((p for p in reversed(periods) if p.short), periods[-1] if periods else None)
    ctx = {"item": item, "rule": rule, "unit": unit, "campaign": campaign, "periods": periods, "current": current}
    return render(request, "volunteer/item_shortfall.html", ctx)


@login_required
def units(request):
    """The bureau's view: per unit, staff, registered share and hours per person for the year."""
    year = page_year(request)
    qs = Unit.objects.visible_to(request.user).filter(kind=Unit.Kind.HOSPITAL)
    pages = paged(request, selectors.unit_aggregates(qs, year=year), PER_PAGE)
    for u in pages["page_obj"].object_list:
        u.average = round(u.hours_sum / u.staff_n, 1) if u.staff_n else 0
        u.share = round(100 * u.registered_n / u.staff_n, 1) if u.staff_n else 0
    ctx = {"year": year, "years": years(year), **pages}
    return render(request, "volunteer/units.html", ctx)
