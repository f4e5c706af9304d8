"""Builders of party records for tests/factories.py ``FACTORIES`` (merged there) and the scope
matrix (``scope_builders``): each returns one saved, plausible row."""

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

_seq = itertools.count(1)


def _f():
    from tests import factories

    return factories


def branch(unit=None, **kw):
    from chuangwen.party.models import Branch

    if unit is None:
        unit = _f()._department().unit
    return Branch.objects.create(unit=unit, name=kw.pop("name", f"第{next(_seq)}党支部"), **kw)


def party_group(b=None, **kw):
    from chuangwen.party.models import PartyGroup

    b = b or branch()
    return PartyGroup.objects.create(branch=b, name=kw.pop("name", f"第{next(_seq)}党小组"), **kw)


def _person(unit, **kw):
    from chuangwen.org.models import Department

    d = Department.objects.filter(unit=unit).first() or _f().department(unit)
    return _f().person(d, political_status=kw.pop("political_status", "cpc"), **kw)


def branch_member(b=None, **kw):
    from chuangwen.party.models import BranchMember

    b = b or branch()
    return BranchMember.objects.create(branch=b, person=kw.pop("person", None) or _person(b.unit), **kw)


def meeting_type(**kw):
    from chuangwen.party.models import MeetingType

    n = next(_seq)
    return MeetingType.objects.create(code=f"t{n}", name=f"会议{n}", frequency="month", **kw)


def meeting(b=None, **kw):
    from chuangwen.party.models import Meeting, MeetingType

    b = b or branch()
    host = kw.pop("host", None) or _person(b.unit)
    return Meeting.objects.create(
        unit=b.unit,
        branch=b,
        type=kw.pop("type", None) or MeetingType.objects.order_by("pk").first() or meeting_type(),
        title=kw.pop("title", "支委会"),
        held_at=kw.pop("held_at", timezone.now()),
        place="会议室",
        host=host,
        recorder=host,
        agenda="学习",
        **kw,
    )


def meeting_attendance(m=None, **kw):
    from chuangwen.party.models import MeetingAttendance

    m = m or meeting()
    return MeetingAttendance.objects.create(meeting=m, person=kw.pop("person", None) or m.host, **kw)


def resolution(m=None, **kw):
    from chuangwen.party.models import Resolution

    return Resolution.objects.create(meeting=m or meeting(), text=kw.pop("text", "同意"), votes_for=3, **kw)


def _file_row(model, parent_field, parent, name):
    row = model(**{parent_field: parent}, original_name=name, content_type="application/pdf", size=9, sha256="0" * 64)
    row.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    row.save()
    return row


def meeting_photo(m=None, name="会场.pdf"):
    from chuangwen.party.models import MeetingPhoto

    return _file_row(MeetingPhoto, "meeting", m or meeting(), name)


def development_step(**kw):
    from chuangwen.party.models import DevelopmentStep

    return DevelopmentStep.objects.create(number=100 + next(_seq), stage=1, name="测试步骤", **kw)


def applicant(b=None, **kw):
    from chuangwen.party.models import Applicant

    b = b or branch()
    person = kw.pop("person", None) or _person(b.unit, political_status="masses")
    return Applicant.objects.create(unit=b.unit, branch=b, person=person, **kw)


def step_record(a=None, **kw):
    from chuangwen.party.models import DevelopmentStep, StepRecord

    a = a or applicant()
    step = kw.pop("step", None) or DevelopmentStep.objects.get(number=1)
    return StepRecord.objects.create(applicant=a, step=step, done_on=kw.pop("done_on", datetime.date(2026, 3, 1)), **kw)


def step_document(r=None, name="入党申请书.pdf"):
    from chuangwen.party.models import StepDocument

    return _file_row(StepDocument, "record", r or step_record(), name)


def development_target(b=None, **kw):
    from chuangwen.party.models import DevelopmentTarget

    return DevelopmentTarget.objects.create(branch=b or branch(), year=2026, target_min=6, target_max=8, **kw)


FACTORIES = {
    "party.Branch": lambda: branch(),
    "party.PartyGroup": lambda: party_group(),
    "party.BranchMember": lambda: branch_member(),
    "party.MeetingType": lambda: meeting_type(),
    "party.Meeting": lambda: meeting(),
    "party.MeetingAttendance": lambda: meeting_attendance(),
    "party.Resolution": lambda: resolution(),
    "party.MeetingPhoto": lambda: meeting_photo(),
    "party.DevelopmentStep": lambda: development_step(),
    "party.Applicant": lambda: applicant(),
    "party.StepRecord": lambda: step_record(),
    "party.StepDocument": lambda: step_document(),
    "party.DevelopmentTarget": lambda: development_target(),
}


def scope_builders() -> dict:
    """Builders of the scope matrix (tests/core/test_scope_matrix.py), one hospital ``h`` each."""

    def _branch(h):
        h.party_branch = branch(h.unit, name=f"{h.mark}党支部", secretary=h.person)
        return h.party_branch

    def _meeting(h):
        h.party_meeting = meeting(h.party_branch, title=f"{h.mark}支委会", host=h.person)
        return h.party_meeting

    def _applicant(h):
        h.party_applicant = applicant(h.party_branch, person=h.person)
        return h.party_applicant

    def _step_record(h):
        h.party_step = step_record(h.party_applicant, notes=f"{h.mark}谈话")
        return h.party_step

    return {
        "party.Branch": _branch,
        "party.PartyGroup": lambda h: party_group(h.party_branch, name=f"{h.mark}党小组"),
        "party.BranchMember": lambda h: branch_member(h.party_branch, person=h.person),
        "party.Meeting": _meeting,
        "party.MeetingAttendance": lambda h: meeting_attendance(h.party_meeting, person=h.person),
        "party.Resolution": lambda h: resolution(h.party_meeting, text=f"{h.mark}决议"),
        "party.MeetingPhoto": lambda h: meeting_photo(h.party_meeting, name=f"{h.mark}.pdf"),
        "party.Applicant": _applicant,
        "party.StepRecord": _step_record,
        "party.StepDocument": lambda h: step_document(h.party_step, name=f"{h.mark}.pdf"),
        "party.DevelopmentTarget": lambda h: development_target(h.party_branch),
    }
