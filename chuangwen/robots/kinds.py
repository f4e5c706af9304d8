"""The kinds of notification users and robots choose from: the codes the apps send with
``dashboard.services.notifications_send``, grouped for the settings page. A kind ending in a
level (``finding_escalated_2``) belongs to its family (``finding_escalated``)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

TASKS = _("Task notifications")
FINDINGS = _("Findings and rectification")
COMPLAINTS = _("Complaint notifications")
OTHER = _("Evidence, scores and others")

# (code, label, group)
KINDS: list[tuple[str, object, object]] = [
    ("task_assigned", _("A task assigned to my department or me"), TASKS),
    ("task_due_soon", _("A task due soon"), TASKS),
    ("task_overdue", _("A task overdue"), TASKS),
    ("task_escalated", _("A task long overdue (escalated)"), TASKS),
    ("finding_recorded", _("A new finding to dispatch"), FINDINGS),
    ("finding_from_authority", _("A finding of the supervising authority to dispatch"), FINDINGS),
    ("finding_ordered", _("A rectification order (finding dispatched)"), FINDINGS),
    ("finding_responded", _("A rectification answered, to re-check"), FINDINGS),
    ("finding_closed", _("A finding closed out"), FINDINGS),
    ("finding_overdue", _("A rectification overdue"), FINDINGS),
    ("finding_escalated", _("A rectification escalated"), FINDINGS),
    ("complaint_new", _("A new complaint from the public"), COMPLAINTS),
    ("complaint_assigned", _("A complaint assigned to me"), COMPLAINTS),
    ("complaint_overdue", _("A complaint overdue"), COMPLAINTS),
    ("complaint_escalated", _("A complaint escalated"), COMPLAINTS),
    ("evidence_submitted", _("Evidence submitted for review"), OTHER),
    ("evidence_accepted", _("My evidence accepted"), OTHER),
    ("evidence_returned", _("My evidence returned"), OTHER),
    ("department_scores_published", _("Department scores published"), OTHER),
    ("ledger_appeal", _("An appeal against a score"), OTHER),
    ("satisfaction_low", _("Satisfaction below the alert line"), OTHER),
    ("party_meeting_due", _("A party meeting due"), OTHER),
]
CODES = [code for code, _label, _group in KINDS]
LABELS = {code: label for code, label, _group in KINDS}
# What a new robot receives: the three events the bureau asked to reach the groups.
ROBOT_DEFAULTS = ["task_assigned", "finding_ordered", "complaint_escalated"]

_LEVEL = re.compile(r"_\d+$")


def family(kind: str) -> str:
    """The catalogue code a sent kind belongs to (``finding_escalated_2`` → ``finding_escalated``)."""
    return _LEVEL.sub("", kind)


def label(kind: str) -> str:
    return str(LABELS.get(family(kind), kind))


def choices() -> list[tuple[str, str]]:
    return [(code, str(lbl)) for code, lbl, _group in KINDS]


def grouped() -> list[tuple[str, list[tuple[str, str]]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for code, lbl, group in KINDS:
        out.setdefault(str(group), []).append((code, str(lbl)))
    return list(out.items())
