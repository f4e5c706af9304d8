"""督办 of complaints, for the escalation engine (chuangwen/escalation): a complaint still waiting
for a reply after its deadline climbs the levels of the rules — by default the handler (or the
unit's office while nobody is assigned) the day after the deadline, the unit's campaign office
2 days overdue, the supervisors of the region 5 days overdue.

Each climb goes through ``services.complaint_escalate``: a new version in the complaint's
history and an "escalated" handling record. The notices' keys name the complaint, how often it
was reopened, the step and the user; reopening sets the level back to 0, so the ladder starts
again."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chuangwen.escalation.models import EscalationRule
from chuangwen.escalation.registry import Adapter

from . import services
from .models import Complaint

Message = EscalationRule.Message


class ComplaintAdapter(Adapter):
    subject = EscalationRule.Subject.COMPLAINT
    has_levels = True
    messages = frozenset({Message.OVERDUE, Message.ESCALATED})

    def candidates(self):
        return Complaint.objects.filter(archived_at__isnull=True, status__in=Complaint.OPEN_STATUSES).select_related(
            "unit__region", "department"
        )

    def responsible(self, complaint: Complaint) -> list[int]:
        return [complaint.handler_id] if complaint.handler_id else []

    def notice(self, complaint: Complaint, rule: EscalationRule, days: int) -> tuple[str, str, str]:
        params = {
            "ref": complaint.reference,
            "unit": complaint.unit.name,
            "department": complaint.department.name if complaint.department_id else "—",
            "deadline": complaint.deadline.isoformat(),
            "days": days,
        }
        body = (
            _("Complaint %(ref)s (%(unit)s, %(department)s) was due on %(deadline)s and is %(days)s days overdue.")
            % params
        )
        kind = "complaint_escalated" if rule.message == Message.ESCALATED else "complaint_overdue"
        return kind, _("Overdue complaint %(ref)s") % params, body

    def url(self, complaint: Complaint) -> str:
        return services.detail_url(complaint)

    def dedupe_key(self, complaint: Complaint, code: str, user_id: int) -> str:
        return f"complaint:{complaint.pk}:r{complaint.reopen_count}:{code}:{user_id}"

    def escalate(self, complaint: Complaint, rule: EscalationRule, days: int) -> None:
        if rule.notify_supervisor:
            who = _("the supervising authority")
        elif rule.notify_office:
            who = _("the campaign office")
        else:
            who = _("the handler")
        text = _("Escalated to level %(level)s: %(who)s.") % {"level": rule.level, "who": who}
        services.complaint_escalate(complaint=complaint, level=rule.level, text=text)
