"""What the feedback app writes to the audit log: who saw a complainant's contact in clear.

A page or API answer that shows contacts in clear (the detail, a list page, the export) leaves
one event per unit and request, naming the complaints whose contact it showed; masked contacts
leave nothing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record

from .models import Complaint

_SEEN = "_audit_contacts_seen"


def contact_seen(*, request, complaint: Complaint, via: str) -> None:
    """Record that the request's user was shown ``complaint``'s name and phone in clear (call it
    only when they were). No query: the event is buffered and written after the response."""
    if not (complaint.complainant_name or complaint.complainant_phone):
        return
    seen = request.__dict__.setdefault(_SEEN, {})
    event = seen.get(complaint.unit_id)
    if event is None:
        event = audit_record(
            action=Action.VIEW_CONTACT,
            request=request,
            target=complaint,
            target_repr=complaint.reference,
            detail={"via": via, "complaints": []},
        )
        if event is None:  # the log is off
            return
        seen[complaint.unit_id] = event
    refs = event.detail["complaints"]
    if complaint.reference in refs:
        return
    refs.append(complaint.reference)
    if len(refs) > 1:
        event.target_id = ""
        event.target_repr = _("%(n)s complaints") % {"n": len(refs)}
