"""Reads of the feedback app that pages, the API and exports share: the scoped list, who may do
what with a complaint, and the contact masking rule."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from chuangwen.core.roles import VIEW, Role, Scope

from .models import Complaint, HandlingRecord


def complaint_queryset() -> QuerySet[Complaint]:
    """Complaints with what a list row shows (one query, no N+1)."""
    return Complaint.objects.select_related("unit", "department", "handling_department", "handler")


def complaints_for(user, *, archived: bool = False) -> QuerySet[Complaint]:
    """The complaints ``user`` may see: live ones, or with ``archived`` only the archived ones."""
    qs = complaint_queryset().visible_to(user, VIEW)
    return qs.filter(archived_at__isnull=not archived)


def overdue_q(today=None) -> Q:
    today = today or timezone.localdate()
    return Q(status__in=Complaint.OPEN_STATUSES, deadline__lt=today)


def office_unit_ids(user) -> set[int]:
    """Units whose campaign office ``user`` belongs to."""
    return {m.unit_id for m in user.scope_memberships() if m.role == Role.OFFICE and m.scope == Scope.UNIT}


def contact_rows_q(user) -> Q:
    """Rows whose complainant contact ``user`` may see: their unit's office, or the handler."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(unit_id__in=office_unit_ids(user)) | Q(handler_id=user.pk)


def may_see_contact(user, complaint: Complaint) -> bool:
    """The complainant's name and phone are for those handling it: the unit's office and the
    assigned handler. Everyone else (department heads, inspectors, supervisors, administrators)
    sees them masked."""
    if not user.is_authenticated:
        return False
    return complaint.unit_id in office_unit_ids(user) or (
        complaint.handler_id is not None and complaint.handler_id == user.pk
    )


def may_manage(user, complaint: Complaint) -> bool:
    """Assign, close, reopen and archive: the unit's campaign office."""
    return complaint.unit_id in office_unit_ids(user)


def may_handle(user, complaint: Complaint) -> bool:
    """Add handling records and reply: the office or the assigned handler."""
    return may_see_contact(user, complaint)


def mask_name(name: str) -> str:
    """张三丰 → 张**; 李娜 → 李*."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234; landlines keep their first 3 and last 2 digits."""
    if not phone:
        return ""
    digits = phone.replace("-", "")
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 5:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 5)}{digits[-2:]}"


def contact_for(user, complaint: Complaint, allowed: bool | None = None) -> tuple[str, str]:
    """(name, phone) as ``user`` may see them: in clear or masked."""
    allowed = may_see_contact(user, complaint) if allowed is None else allowed
    if allowed:
        return complaint.complainant_name, complaint.complainant_phone
    return mask_name(complaint.complainant_name), mask_phone(complaint.complainant_phone)


def with_contacts(user, complaints) -> list[Complaint]:
    """Set ``shown_name`` / ``shown_phone`` / ``contact_visible`` on each complaint (no queries)."""
    offices = office_unit_ids(user) if user.is_authenticated else set()
    rows = list(complaints)
    for c in rows:
        allowed = c.unit_id in offices or (c.handler_id is not None and c.handler_id == user.pk)
        c.contact_visible = allowed
        c.shown_name, c.shown_phone = contact_for(user, c, allowed)
    return rows


def timeline(complaint: Complaint) -> QuerySet[HandlingRecord]:
    return complaint.records.select_related("by").order_by("at", "id")
