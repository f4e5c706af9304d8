"""逾期升级 of rectification orders, for the escalation engine (chuangwen/escalation): orders
(state ``ordered``) past their deadline climb the levels of the rules — by default the
department's heads and the responsible person the day after the deadline, the unit's campaign
office 3 days later, and, for a finding of an authority only, that authority's supervisors 7
days after that.

Each climb raises ``Finding.escalation_level`` through ``services.findings.finding_escalate`` (a
``FindingEvent`` and a new version, no user). The notices' keys name the finding, the step, the
deadline and the user, so a new deadline (a failed re-check with a new date, a reopening, which
also sets the level back to 0) starts the climb again. The engine reads only the orders that
must climb, through the ``(state, deadline)`` index."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from chuangwen.core.roles import Role
from chuangwen.escalation.models import EscalationRule
from chuangwen.escalation.registry import Adapter
from chuangwen.org.models import Unit

from .models import Finding
from .services.findings import finding_escalate
from .services.notifications import finding_url

Message = EscalationRule.Message


class FindingAdapter(Adapter):
    subject = EscalationRule.Subject.FINDING
    has_levels = True
    messages = frozenset({Message.OVERDUE, Message.ESCALATED})
    conditions = frozenset({EscalationRule.Condition.FROM_AUTHORITY})

    def candidates(self):
        return Finding.objects.filter(state=Finding.State.ORDERED, archived_at__isnull=True).select_related(
            "unit__region", "source_unit", "department", "responsible_person"
        )

    def condition_q(self, condition: str) -> Q:
        if condition == EscalationRule.Condition.FROM_AUTHORITY:
            return Q(source_unit__kind=Unit.Kind.AUTHORITY)
        return Q()

    def responsible(self, finding: Finding) -> list[int]:
        person = finding.responsible_person
        return [person.user_id] if person and person.user_id else []

    def supervisors(self, finding: Finding, people) -> list[int]:
        """The authority that found it; for a hospital's own finding, its region's supervisors."""
        if finding.source_unit.kind == Unit.Kind.AUTHORITY:
            return people.users(Role.SUPERVISOR, "unit", finding.source_unit_id)
        return super().supervisors(finding, people)

    def notice(self, finding: Finding, rule: EscalationRule, days: int) -> tuple[str, str, str]:
        params = {
            "days": days,
            "department": finding.department.name if finding.department_id else "—",
            "problem": finding.description[:40],
            "deadline": finding.deadline.isoformat(),
        }
        kind = f"finding_escalated_{rule.level}" if rule.level else "finding_overdue"
        title = _("Rectification overdue: %(problem)s") % params
        body = _("The order to %(department)s was due on %(deadline)s and is %(days)s days overdue.") % params
        return kind, title, body

    def url(self, finding: Finding) -> str:
        return finding_url(finding)

    def dedupe_key(self, finding: Finding, code: str, user_id: int) -> str:
        return f"finding:{finding.pk}:{code}:{finding.deadline.isoformat()}:{user_id}"

    def escalate(self, finding: Finding, rule: EscalationRule, days: int) -> None:
        if rule.notify_supervisor:
            who = _("the supervising authority")
        elif rule.notify_office:
            who = _("the unit's campaign office")
        else:
            who = _("the department heads")
        text = _("%(days)s days overdue: escalated to level %(level)s (%(who)s).") % {
            "days": days,
            "level": rule.level,
            "who": who,
        }
        finding_escalate(finding=finding, level=rule.level, text=text)
