"""Data for the home pages' tests (tests/dashboard/test_home_next.py, tests/e2e/test_role_homes.py):
hospital A with something waiting for every role, hospital B with the same (never counted)."""

from datetime import timedelta

from django.utils import timezone

from chuangwen.campaigns.models import Task
from chuangwen.core.roles import Role
from chuangwen.evidence.models import Evidence
from chuangwen.feedback.models import Complaint
from chuangwen.inspections.models import InspectionRound
from tests import factories as f


def build_busy(world):
    """Hospital A with something waiting for every role, and hospital B with the same (never counted)."""
    w = world
    today = timezone.localdate()
    w.std = f.standard(w.bureau, applies_to=w.county_x, aspects=1, indicators=1, items=3)
    w.camp = f.campaign(w.a, w.std)
    camp_b = f.campaign(w.b, w.std, name="中医院创建")
    item = w.std.items.order_by("order").first()
    w.task_med = f.task(w.camp, w.a_med, title="每月两次政治学习", items=[item], person=w.a_p1)
    f.task(w.camp, w.a_med, title="已验收的任务", status=Task.Status.ACCEPTED, items=[item])
    f.evidence(w.task_med, status=Evidence.Status.SUBMITTED, submitted_at=timezone.now())
    f.evidence(f.task(camp_b, w.b_med, items=[item]), status=Evidence.Status.SUBMITTED, submitted_at=timezone.now())
    for state in ("responded", "responded", "ordered"):
        f.finding(w.a, department=w.a_med, state=state, deadline=today + timedelta(days=3))
    f.finding(w.a, department=w.a_surg, state="ordered", deadline=today - timedelta(days=2))
    f.finding(w.b, department=w.b_med, state="responded")
    f.complaint(w.a, status=Complaint.Status.ASSIGNED, deadline=today)
    f.complaint(w.a, status=Complaint.Status.RECEIVED, deadline=today - timedelta(days=1))
    f.complaint(w.a, status=Complaint.Status.CLOSED, deadline=today)
    f.complaint(w.b, status=Complaint.Status.ASSIGNED, deadline=today)
    entry = f.ledger_entry(unit=w.a, department=w.a_med, occurred_on=today)
    f.appeal(entry=entry)
    f.inspection_round(w.a, title="十二月院内自查", status=InspectionRound.Status.IN_PROGRESS)
    f.inspection_round(w.a, title="已结束的自查", status=InspectionRound.Status.FINISHED)
    f.member(w.head, Role.STAFF, unit=w.a)  # a head who is also a member of staff
    f.person(w.a_med, name="刘亮", user=w.head)
    return w
