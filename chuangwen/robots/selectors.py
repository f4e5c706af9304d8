"""Reads of the robots app shared by pages and the API."""

from __future__ import annotations

from django.db.models import Count, Q

from chuangwen.core.roles import VIEW

from . import kinds
from .models import Delivery, Preference, Robot


def robots_for(user, unit=None):
    qs = Robot.objects.visible_to(user, VIEW).select_related("unit", "department")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.annotate(
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
    ).order_by("department__sort_order", "department_id", "name", "pk")


def deliveries_for(user, unit=None):
    qs = Delivery.objects.visible_to(user, VIEW).select_related("robot", "robot__department", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


def failed_count(user, unit=None) -> int:
    """Messages that failed for good, for the office's home."""
    return deliveries_for(user, unit).filter(status=Delivery.Status.FAILED).count()


def preferences_of(user) -> list[dict]:
    """Every kind of the catalogue with the user's choice (no row: both on), grouped."""
    stored = {p.kind: p for p in Preference.objects.filter(user=user)}
    out = []
    for group, rows in kinds.grouped():
        out.append(
            {
                "group": group,
                "rows": [
                    {
                        "code": code,
                        "label": label,
                        "in_app": stored[code].in_app if code in stored else True,
                        "email": stored[code].email if code in stored else True,
                    }
                    for code, label in rows
                ],
            }
        )
    return out
