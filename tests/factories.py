"""Small builders for test data. Each returns saved objects; names are plausible Chinese ones."""

import itertools
from datetime import date
from decimal import Decimal

from chuangwen.core.roles import DEFAULT_SCOPE, Role, Scope
from chuangwen.org.models import Department, Membership, Person, Region, Unit, User
from tests.volunteer import factories as volunteer_factories

_seq = itertools.count(1)


def region(name="青溪县", level=Region.Level.COUNTY, parent=None, code=None) -> Region:
    code = code or f"43{next(_seq):06d}"
    if parent is None:
        return Region.objects.add_root({"name": name, "level": level, "code": code})
    return Region.objects.add_child(parent, {"name": name, "level": level, "code": code})


def unit(region, name=None, kind=Unit.Kind.HOSPITAL, **kw) -> Unit:
    n = next(_seq)
    return Unit.objects.create(
        region=region, name=name or f"测试医院{n}", code=kw.pop("code", f"U{n:05d}"), kind=kind, **kw
    )


def department(unit, name=None, kind=Department.Kind.CLINICAL, **kw) -> Department:
    return Department.objects.create(unit=unit, name=name or f"科室{next(_seq)}", kind=kind, **kw)


def person(department, name="张伟", employee_no=None, **kw) -> Person:
    return Person.objects.create(
        unit=department.unit,
        department=department,
        name=name,
        employee_no=employee_no or f"{next(_seq):05d}",
        **kw,
    )


def user(username=None, password="pass-1234-word", **kw) -> User:
    u = User.objects.create_user(username=username or f"user{next(_seq)}", password=password, **kw)
    return u


def member(u: User, role: Role, *, region=None, unit=None, department=None, scope: Scope | None = None) -> Membership:
    m = Membership(
        user=u, role=role, scope=scope or DEFAULT_SCOPE[role], region=region, unit=unit, department=department
    )
    m.full_clean()
    m.save()
    u.__dict__.pop("_scope_memberships", None)
    return m


def standard(
    owner_unit,
    *,
    name="县级文明单位测评体系",
    applies_to=None,
    status="published",
    aspects=2,
    indicators=2,
    items=3,
    points=Decimal("5"),
):
    """A standard with aspects × indicators × items, codes like 1 / 1.2 / 1.2.3."""
    from chuangwen.standards.models import Aspect, Indicator, Item, Standard

    std = Standard.objects.create(name=name, owner_unit=owner_unit, applies_to=applies_to, status=status)
    order = 0
    for a in range(1, aspects + 1):
        asp = Aspect.objects.create(standard=std, code=str(a), title=f"方面{a}", order=a)
        for i in range(1, indicators + 1):
            ind = Indicator.objects.create(aspect=asp, code=f"{a}.{i}", title=f"指标{a}.{i}", order=i)
            for k in range(1, items + 1):
                order += 1
                Item.objects.create(
                    standard=std,
                    aspect=asp,
                    indicator=ind,
                    code=f"{a}.{i}.{k}",
                    title=f"测评项目{a}.{i}.{k}",
                    points=points,
                    methods=["documents"],
                    order=order,
                )
    return std


def campaign(unit, std, *, year=2026, **kw):
    from chuangwen.campaigns.models import Campaign

    return Campaign.objects.create(
        unit=unit,
        standard=std,
        name=kw.pop("name", f"{year}年创建文明单位"),
        year=year,
        target_level=kw.pop("target_level", "city"),
        starts_on=date(year, 2, 1),
        ends_on=date(year, 11, 30),
        status=kw.pop("status", "active"),
        **kw,
    )


def task(campaign, department, *, title="每月开展政治学习", deadline=None, person=None, items=(), **kw):
    from chuangwen.campaigns.models import Task

    t = Task.objects.create(
        campaign=campaign,
        unit=campaign.unit,
        department=department,
        person=person,
        title=title,
        deadline=deadline or date(campaign.year, 6, 30),
        **kw,
    )
    if items:
        t.items.set(items)
    return t


def calendar_year(year=2027, *, source="国务院办公厅关于2027年部分节假日安排的通知", **kw):
    from chuangwen.core.models import CalendarYear

    return CalendarYear.objects.create(year=year, source=source, **kw)


def calendar_day(calendar_year, day, *, kind="holiday", name="春节"):
    from chuangwen.core.models import CalendarDay

    return CalendarDay.objects.create(calendar_year=calendar_year, date=day, kind=kind, name=name)


# --- one factory for every other model, and the registry ---------------------------------------
# Each takes its parents (built when not given) and returns one saved, plausible row. ``FACTORIES``
# maps every concrete model of our apps to a builder with no arguments; tests/test_factories.py
# checks that a new model gets one.


def _department(department=None) -> Department:
    if department is not None:
        return department
    return globals()["department"](unit(region(f"县{next(_seq)}")))


def _campaign(camp=None):
    if camp is not None:
        return camp
    dept = _department()
    return campaign(dept.unit, standard(dept.unit, aspects=1, indicators=1, items=1))


def phase(camp=None, *, kind="implement", **kw):
    from chuangwen.campaigns.models import Phase

    camp = _campaign(camp)
    return Phase.objects.create(
        campaign=camp, name=kw.pop("name", "组织实施"), kind=kind, starts_on=camp.starts_on, ends_on=camp.ends_on, **kw
    )


def campaign_member(camp=None, person_=None, *, group="leading", duty="成员", **kw):
    from chuangwen.campaigns.models import CampaignMember

    camp = _campaign(camp)
    person_ = person_ or person(globals()["department"](camp.unit, "院办"), name="刘洋")
    return CampaignMember.objects.create(campaign=camp, group=group, person=person_, duty=duty, **kw)


def _task(t=None):
    if t is not None:
        return t
    camp = _campaign()
    return task(camp, globals()["department"](camp.unit, "内科"), items=list(camp.standard.items.all()))


def evidence(t=None, *, title="三月政治学习记录", occurred_on=None, **kw):
    from chuangwen.evidence.models import Evidence

    t = _task(t)
    return Evidence.objects.create(
        campaign=t.campaign,
        unit=t.unit,
        department=t.department,
        task=t,
        item=kw.pop("item", t.items.first()),
        title=title,
        occurred_on=occurred_on or date(t.campaign.year, 3, 15),
        **kw,
    )


def evidence_file(ev=None, **kw):
    from chuangwen.evidence.models import EvidenceFile

    ev = ev or evidence()
    return EvidenceFile.objects.create(
        evidence=ev,
        unit=ev.unit,
        department=ev.department,
        file=kw.pop("file", f"evidence/{next(_seq)}.pdf"),
        original_name=kw.pop("original_name", "学习记录.pdf"),
        kind=kw.pop("kind", EvidenceFile.Kind.PDF),
        content_type="application/pdf",
        size=kw.pop("size", 1024),
        sha256=kw.pop("sha256", f"{next(_seq):064x}"),
        **kw,
    )


def item_compliance(camp=None, item=None, **kw):
    from chuangwen.evidence.models import ItemCompliance

    camp = _campaign(camp)
    return ItemCompliance.objects.create(campaign=camp, unit=camp.unit, item=item or camp.standard.items.first(), **kw)


def inspection_round(owner_unit=None, *, kind="self_check", title="三月院内自查", **kw):
    from chuangwen.inspections.models import InspectionRound

    owner_unit = owner_unit or _department().unit
    return InspectionRound.objects.create(
        owner_unit=owner_unit,
        kind=kind,
        title=title,
        starts_on=kw.pop("starts_on", date(2026, 3, 1)),
        ends_on=kw.pop("ends_on", date(2026, 3, 31)),
        **kw,
    )


def checklist_entry(rnd=None, *, text="宣传栏内容是否及时更新", **kw):
    from chuangwen.inspections.models import ChecklistEntry

    return ChecklistEntry.objects.create(round=rnd or inspection_round(), text=text, **kw)


def finding(unit_=None, *, description="门诊大厅宣传栏内容过期", **kw):
    from django.utils import timezone

    from chuangwen.inspections.models import Finding

    unit_ = unit_ or _department().unit
    return Finding.objects.create(
        unit=unit_,
        source_unit=kw.pop("source_unit", unit_),
        description=description,
        found_at=kw.pop("found_at", timezone.now()),
        **kw,
    )


def finding_photo(f=None, *, stage="found", **kw):
    from chuangwen.inspections.models import FindingPhoto

    f = f or finding()
    return FindingPhoto.objects.create(
        finding=f,
        unit=f.unit,
        stage=stage,
        file=kw.pop("file", f"findings/{next(_seq)}.jpg"),
        original_name=kw.pop("original_name", "现场照片.jpg"),
        content_type="image/jpeg",
        size=kw.pop("size", 2048),
        sha256=kw.pop("sha256", f"{next(_seq):064x}"),
        **kw,
    )


def finding_event(f=None, *, kind="recorded", to_state="recorded", **kw):
    from chuangwen.inspections.models import FindingEvent

    return FindingEvent.objects.create(finding=f or finding(), kind=kind, to_state=to_state, **kw)


def bulletin(unit_=None, *, title="2026年3月督查通报", **kw):
    from chuangwen.inspections.models import Bulletin

    return Bulletin.objects.create(
        unit=unit_ or _department().unit,
        title=title,
        period_start=kw.pop("period_start", date(2026, 3, 1)),
        period_end=kw.pop("period_end", date(2026, 3, 31)),
        **kw,
    )


def notification(u=None, *, kind="task_assigned", title="您有一项新的创建任务", **kw):
    from chuangwen.dashboard.models import Notification

    return Notification.objects.create(user=u or user(), kind=kind, title=title, **kw)


def survey_template(unit_=None, *, name="门诊患者满意度调查", audience="outpatient", **kw):
    from chuangwen.surveys.models import SurveyTemplate

    return SurveyTemplate.objects.create(unit=unit_ or _department().unit, name=name, audience=audience, **kw)


def question(template=None, *, text="您对医务人员的服务态度是否满意？", **kw):
    from chuangwen.surveys.models import Question

    return Question.objects.create(template=template or survey_template(), text=text, **kw)


def satisfaction_settings(unit_=None, **kw):
    from chuangwen.surveys.models import SatisfactionSettings

    return SatisfactionSettings.objects.create(unit=unit_ or _department().unit, **kw)


def survey_response(template=None, department_=None, **kw):
    from django.utils import timezone

    from chuangwen.surveys.models import Response

    department_ = _department(department_)
    template = template or survey_template(department_.unit)
    now = kw.pop("submitted_at", timezone.now())
    return Response.objects.create(
        template=template,
        unit=department_.unit,
        department=department_,
        submitted_at=now,
        month=kw.pop("month", now.date().replace(day=1)),
        idempotency_key=kw.pop("idempotency_key", f"key-{next(_seq)}"),
        **kw,
    )


def answer(response=None, q=None, **kw):
    from chuangwen.surveys.models import Answer

    response = response or survey_response()
    return Answer.objects.create(response=response, question=q or question(response.template), **kw)


def pending_count(response=None):
    from chuangwen.surveys.models import PendingCount

    return PendingCount.objects.create(response_id=(response or survey_response()).pk)


def pending_suggestion(response=None):
    from chuangwen.surveys.models import PendingSuggestion

    return PendingSuggestion.objects.create(response_id=(response or survey_response()).pk)


def department_month(template=None, department_=None, *, month=date(2026, 3, 1), **kw):
    from chuangwen.surveys.models import DepartmentMonth

    department_ = _department(department_)
    template = template or survey_template(department_.unit)
    return DepartmentMonth.objects.create(
        unit=department_.unit, department=department_, template=template, month=month, **kw
    )


def question_month(q=None, department_=None, *, month=date(2026, 3, 1), **kw):
    from chuangwen.surveys.models import QuestionMonth

    department_ = _department(department_)
    q = q or question(survey_template(department_.unit))
    return QuestionMonth.objects.create(
        unit=department_.unit, department=department_, template=q.template, question=q, month=month, **kw
    )


def satisfaction_alert(department_=None, *, month=date(2026, 3, 1), index=Decimal("72.5"), threshold=80, **kw):
    from chuangwen.surveys.models import SatisfactionAlert

    department_ = _department(department_)
    return SatisfactionAlert.objects.create(
        unit=department_.unit, department=department_, month=month, index=index, threshold=threshold, **kw
    )


def complaint(unit_=None, *, content="挂号窗口排队时间过长，工作人员态度生硬。", channel="phone", **kw):
    from chuangwen.feedback.models import Complaint

    return Complaint.objects.create(
        unit=unit_ or _department().unit,
        reference=kw.pop("reference", f"TS{next(_seq):08d}"),
        channel=channel,
        content=content,
        deadline=kw.pop("deadline", date(2026, 3, 20)),
        **kw,
    )


def handling_record(c=None, *, action="received", **kw):
    from chuangwen.feedback.models import HandlingRecord

    return HandlingRecord.objects.create(complaint=c or complaint(), action=action, **kw)


def reference_counter(unit_=None, *, period="202603", **kw):
    from chuangwen.feedback.models import ReferenceCounter

    return ReferenceCounter.objects.create(unit=unit_ or _department().unit, period=period, **kw)


def complaint_settings(unit_=None, **kw):
    from chuangwen.feedback.models import ComplaintSettings

    return ComplaintSettings.objects.create(unit=unit_ or _department().unit, **kw)


def api_token(u=None, *, name="tests"):
    from chuangwen.api.services import token_create

    return token_create(user=u or user(), name=name)[0]


def audit_event(*, action="login", **kw):
    from chuangwen.audit.models import AuditEvent

    return AuditEvent.objects.create(action=action, **kw)


def _standard_part(part: str):
    """A one-item standard's ``standard``, ``aspect``, ``indicator`` or ``item``."""
    std = standard(_department().unit, aspects=1, indicators=1, items=1)
    it = std.items.select_related("aspect", "indicator").get()
    return {"standard": std, "aspect": it.aspect, "indicator": it.indicator, "item": it}[part]


def section(**kw):
    """A 细则 (the third level of a four-level standard) under a one-item standard's indicator."""
    from chuangwen.standards.models import Section

    ind = _standard_part("indicator")
    return Section.objects.create(indicator=ind, code=kw.pop("code", f"{ind.code}.1"), title="细则", **kw)


def method(**kw):
    from chuangwen.standards.models import Method

    n = next(_seq)
    return Method.objects.create(code=kw.pop("code", f"m{n}"), name=kw.pop("name", f"方法{n}"), **kw)


def export_job(u=None, *, kind="complaints", **kw):
    from chuangwen.core.models import ExportJob

    return ExportJob.objects.create(requested_by=u or user(), kind=kind, filename="投诉与建议.xlsx", **kw)


def bulletin_counter(u=None, *, year=2026, last=3):
    from chuangwen.inspections.models import BulletinCounter

    return BulletinCounter.objects.create(unit=u or unit(region(f"县{next(_seq)}")), year=year, last=last)


def bulletin_template(u=None, *, version=1, **kw):
    from django.core.files.base import ContentFile

    from chuangwen.inspections.models import BulletinTemplate

    t = BulletinTemplate(
        unit=u or unit(region(f"县{next(_seq)}")), version=version, original_name="通报模板.docx", sha256="0" * 64, **kw
    )
    t.file.save("bulletin-template.docx", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    t.save()
    return t


def fold_mark(**kw):
    from django.utils import timezone

    from chuangwen.surveys.models import FoldMark

    return FoldMark.objects.create(folded_at=kw.pop("folded_at", timezone.now()), **kw)


def ledger_entry(*, points="-1", source="manual", reason="台账缺失", **kw):
    from chuangwen.scoring.services import entry_add

    unit_ = kw.pop("unit", None) or _department().unit
    return entry_add(
        unit=unit_,
        points=points,
        source=source,
        reason=reason,
        occurred_on=kw.pop("occurred_on", date(2026, 3, 12)),
        **kw,
    )


def pass_line(region_=None, *, level="county", percent="85", **kw):
    from chuangwen.scoring.models import PassLine

    return PassLine.objects.create(region=region_ or region(f"县{next(_seq)}"), level=level, percent=percent, **kw)


def veto_condition(**kw):
    from chuangwen.scoring.models import VetoCondition

    n = next(_seq)
    return VetoCondition.objects.create(code=kw.pop("code", f"cond-{n}"), name=kw.pop("name", f"条件{n}"), **kw)


def unit_veto(unit_=None, *, condition=None, occurred_on=date(2026, 3, 1), **kw):
    from chuangwen.scoring.models import UnitVeto

    return UnitVeto.objects.create(
        unit=unit_ or _department().unit,
        condition=condition or veto_condition(),
        occurred_on=occurred_on,
        description=kw.pop("description", "职工涉嫌刑事案件"),
        **kw,
    )


def scheme(*, u=None, **kw):
    from chuangwen.scoring.department_scheme import DEFAULT_RULES
    from chuangwen.scoring.models import Scheme

    return Scheme.objects.create(
        unit=u or _department().unit,
        name=kw.pop("name", "科室月度量化考核"),
        rules=kw.pop("rules", DEFAULT_RULES),
        **kw,
    )


def item_assessment(camp=None, item=None, **kw):
    from chuangwen.scoring.models import ItemAssessment

    camp = _campaign(camp)
    return ItemAssessment.objects.create(
        campaign=camp, unit=camp.unit, item=item or camp.standard.items.first(), assessor=kw.pop("assessor", "self"),
        score=kw.pop("score", Decimal("4")), reason=kw.pop("reason", "自评"), **kw,
    )  # fmt: skip


def item_score(camp=None, item=None, **kw):
    from chuangwen.scoring.items import item_scores_refresh

    camp = _campaign(camp)
    item = item or camp.standard.items.first()
    return item_scores_refresh(campaign=camp, items=[item], **kw)[0]


def department_score(**kw):
    from chuangwen.scoring.models import DepartmentScore

    d = kw.pop("department", None) or _department()
    s = kw.pop("scheme", None) or scheme(u=d.unit)
    return DepartmentScore.objects.create(
        scheme=s, unit=d.unit, department=d, month=kw.pop("month", date(2026, 3, 1)), base=100, score=98, rank=1, **kw
    )


def appeal(**kw):
    from chuangwen.scoring.models import Appeal

    if (entry := kw.pop("entry", None)) is None:
        d = _department()
        entry = ledger_entry(unit=d.unit, department=d)
    return Appeal.objects.create(
        entry=entry,
        unit_id=entry.unit_id,
        department_id=entry.department_id,
        text=kw.pop("text", "该处已整改，扣分有误"),
        filed_by=kw.pop("filed_by", None) or user(),
        deadline=kw.pop("deadline", date(2026, 3, 19)),
        **kw,
    )


def appeal_event(**kw):
    from chuangwen.scoring.models import AppealEvent

    a = kw.pop("appeal", None) or appeal()
    return AppealEvent.objects.create(appeal=a, action="filed", by=a.filed_by, text="申诉", **kw)


def appeal_file(**kw):
    from django.core.files.base import ContentFile

    from chuangwen.scoring.models import AppealFile

    a = kw.pop("appeal", None) or appeal()
    f = AppealFile(
        appeal=a,
        original_name="说明.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=a.filed_by,
    )
    f.file.save("appeal.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=False)
    f.save()
    return f


def entry_file(**kw):
    from django.core.files.base import ContentFile

    from chuangwen.scoring.models import EntryFile

    if (entry := kw.pop("entry", None)) is None:
        d = _department()
        entry = ledger_entry(unit=d.unit, department=d)
    f = EntryFile(
        entry=entry,
        original_name="夜查照片.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=kw.pop("uploaded_by", None) or user(),
    )
    f.file.save("entry.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=False)
    f.save()
    return f


# --- honours (评先评优) ---


def honour_type(unit_=None, *, code=None, name="最满意护士", **kw):
    """A unit's own honour type; by default a person honour with no rule and a quota of 5."""
    from chuangwen.honours.models import HonourType

    kw.setdefault("quota_value", 5)
    return HonourType.objects.create(
        unit=unit_ or _department().unit, code=code or f"honour-{next(_seq)}", name=name, **kw
    )


def selection(unit_=None, *, types=None, year=2026, **kw):
    from chuangwen.honours.models import Selection

    unit_ = unit_ or _department().unit
    s = Selection.objects.create(unit=unit_, year=year, title=kw.pop("title", f"{year}年度评先评优"), **kw)
    s.honour_types.set(types if types is not None else [honour_type(unit_)])
    return s


def nomination(selection_=None, *, person_=None, honour_type_=None, **kw):
    from chuangwen.honours.models import Nomination

    selection_ = selection_ or selection()
    if person_ is None:
        person_ = person(department(selection_.unit))
    return Nomination.objects.create(
        selection=selection_,
        honour_type=honour_type_ or selection_.honour_types.first(),
        person=person_,
        department=person_.department,
        channel=kw.pop("channel", "department"),
        reason=kw.pop("reason", "工作认真负责，患者满意度高。"),
        **kw,
    )


def nomination_file(nomination_=None):
    from django.core.files.base import ContentFile

    from chuangwen.honours.models import NominationFile

    f = NominationFile(
        nomination=nomination_ or nomination(), original_name="事迹.pdf", content_type="application/pdf",
        size=10, sha256="0" * 64,
    )  # fmt: skip
    f.file.save("deeds.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=False)
    f.save()
    return f


def vote_session(nomination_=None, *, voters=(), **kw):
    from datetime import timedelta

    from django.utils import timezone

    from chuangwen.honours.models import Voter, VoteSession

    nomination_ = nomination_ or nomination()
    now = timezone.now()
    s = VoteSession.objects.create(
        selection=nomination_.selection,
        honour_type=nomination_.honour_type,
        title=kw.pop("title", "民主投票"),
        opens_at=kw.pop("opens_at", now - timedelta(hours=1)),
        closes_at=kw.pop("closes_at", now + timedelta(hours=1)),
        **kw,
    )
    s.candidates.set([nomination_])
    Voter.objects.bulk_create([Voter(session=s, person=p) for p in voters])
    return s


def _honour_part(label):
    from chuangwen.honours import models as m

    s = vote_session()
    p = person(department(s.selection.unit))
    if label == "voter":
        return m.Voter.objects.create(session=s, person=p)
    if label == "participation":
        return m.Participation.objects.create(session=s, person=p)
    ballot = m.Ballot.objects.create(session=s)
    if label == "ballot":
        return ballot
    return m.BallotChoice.objects.create(ballot=ballot, nomination=s.candidates.first())


def objection(nomination_=None, **kw):
    from chuangwen.honours.models import Objection

    nomination_ = nomination_ or nomination()
    return Objection.objects.create(
        selection=nomination_.selection, nomination=nomination_, text=kw.pop("text", "该同志曾被投诉。"), **kw
    )


def ledger_build(camp=None, **kw):
    from chuangwen.reports.models import LedgerBuild

    camp = _campaign(camp)
    return LedgerBuild.objects.create(campaign=camp, unit=camp.unit, fingerprint="0" * 64, **kw)


def indicator_report(camp=None, *, text="本指标共3个测评项目，已全部达标。", **kw):
    from chuangwen.reports.models import IndicatorReport

    camp = _campaign(camp)
    indicator = kw.pop("indicator", None) or camp.standard.items.first().indicator
    return IndicatorReport.objects.create(campaign=camp, unit=camp.unit, indicator=indicator, text=text, **kw)


FACTORIES = {
    "org.Region": lambda: region(f"县{next(_seq)}"),
    "org.Unit": lambda: unit(region(f"县{next(_seq)}")),
    "org.Department": lambda: _department(),
    "org.Person": lambda: person(_department()),
    "org.User": lambda: user(),
    "org.Membership": lambda: member(user(), Role.OFFICE, unit=_department().unit),
    "standards.Standard": lambda: _standard_part("standard"),
    "standards.Aspect": lambda: _standard_part("aspect"),
    "standards.Indicator": lambda: _standard_part("indicator"),
    "standards.Item": lambda: _standard_part("item"),
    "standards.Section": lambda: section(),
    "standards.Method": lambda: method(),
    "campaigns.Campaign": lambda: _campaign(),
    "campaigns.Phase": lambda: phase(),
    "campaigns.CampaignMember": lambda: campaign_member(),
    "campaigns.Task": lambda: _task(),
    "evidence.Evidence": lambda: evidence(),
    "evidence.EvidenceFile": lambda: evidence_file(),
    "evidence.ItemCompliance": lambda: item_compliance(),
    "inspections.InspectionRound": lambda: inspection_round(),
    "inspections.ChecklistEntry": lambda: checklist_entry(),
    "inspections.Finding": lambda: finding(),
    "inspections.FindingPhoto": lambda: finding_photo(),
    "inspections.FindingEvent": lambda: finding_event(),
    "inspections.Bulletin": lambda: bulletin(),
    "dashboard.Notification": lambda: notification(),
    "surveys.SurveyTemplate": lambda: survey_template(),
    "surveys.Question": lambda: question(),
    "surveys.SatisfactionSettings": lambda: satisfaction_settings(),
    "surveys.Response": lambda: survey_response(),
    "surveys.Answer": lambda: answer(),
    "surveys.PendingCount": lambda: pending_count(),
    "surveys.PendingSuggestion": lambda: pending_suggestion(),
    "surveys.DepartmentMonth": lambda: department_month(),
    "surveys.QuestionMonth": lambda: question_month(),
    "surveys.SatisfactionAlert": lambda: satisfaction_alert(),
    "feedback.Complaint": lambda: complaint(),
    "feedback.HandlingRecord": lambda: handling_record(),
    "feedback.ReferenceCounter": lambda: reference_counter(),
    "feedback.ComplaintSettings": lambda: complaint_settings(),
    "api.APIToken": lambda: api_token(),
    "audit.AuditEvent": lambda: audit_event(),
    "core.CalendarYear": lambda: calendar_year(2027 + next(_seq) % 50),
    "core.CalendarDay": lambda: calendar_day(calendar_year(2027 + next(_seq) % 50), date(2027, 2, 8)),
    "escalation.EscalationRule": lambda: escalation_rule(),
    "scoring.LedgerEntry": lambda: ledger_entry(),
    "scoring.ItemAssessment": lambda: item_assessment(),
    "scoring.ItemScore": lambda: item_score(),
    "scoring.PassLine": lambda: pass_line(),
    "scoring.VetoCondition": lambda: veto_condition(),
    "scoring.UnitVeto": lambda: unit_veto(),
    "scoring.Scheme": lambda: scheme(),
    "scoring.DepartmentScore": lambda: department_score(),
    "scoring.Appeal": lambda: appeal(),
    "scoring.AppealEvent": lambda: appeal_event(),
    "scoring.AppealFile": lambda: appeal_file(),
    "scoring.EntryFile": lambda: entry_file(),
    "core.ExportJob": lambda: export_job(),
    "inspections.BulletinCounter": lambda: bulletin_counter(),
    "inspections.BulletinTemplate": lambda: bulletin_template(),
    "surveys.FoldMark": lambda: fold_mark(),
    "honours.HonourType": lambda: honour_type(),
    "honours.Selection": lambda: selection(),
    "honours.Nomination": lambda: nomination(),
    "honours.NominationFile": lambda: nomination_file(),
    "honours.VoteSession": lambda: vote_session(),
    "honours.Voter": lambda: _honour_part("voter"),
    "honours.Participation": lambda: _honour_part("participation"),
    "honours.Ballot": lambda: _honour_part("ballot"),
    "honours.BallotChoice": lambda: _honour_part("choice"),
    "honours.Objection": lambda: objection(),
    # Document templates and generated documents
    "reports.DocumentTemplate": lambda: document_template(),
    "reports.PlanText": lambda: plan_text(),
    "reports.SummaryText": lambda: summary_text(),
    "reports.GeneratedDocument": lambda: generated_document(),
    "reports.LedgerBuild": lambda: ledger_build(),
    "reports.IndicatorReport": lambda: indicator_report(),
}
FACTORIES.update(volunteer_factories.FACTORIES)

# Party work (党建): its builders live beside its tests.
from tests.party.factories import FACTORIES as _PARTY_FACTORIES  # noqa: E402

FACTORIES.update(_PARTY_FACTORIES)

# Group robots (企业微信 / 钉钉): their builders live beside their tests.
from tests.robots.factories import FACTORIES as _ROBOT_FACTORIES  # noqa: E402

FACTORIES.update(_ROBOT_FACTORIES)
from tests.ranking.factories import FACTORIES as _RANKING_FACTORIES  # noqa: E402

FACTORIES.update(_RANKING_FACTORIES)


def escalation_rule(subject="complaint", code=None, *, owner=None, **kw):
    """An escalation rule (督办规则); by default a complaint step to the office 1 day overdue."""
    from chuangwen.escalation.models import EscalationRule

    fields = {"name": "测试督办", "trigger": "after", "days": 1, "message": "escalated", "notify_office": True}
    rule = EscalationRule(subject=subject, code=code or f"test{next(_seq)}", owner=owner, **{**fields, **kw})
    rule.full_clean()
    rule.save()
    return rule


# --- activities (活动与学习, issue 15) --------------------------------------------------------


def activity_kind(unit_=None, *, code=None, name="政治学习", is_study=True, required_rate=None):
    """A unit's own activity kind (the shipped ones come from migration 0002)."""
    from chuangwen.activities.models import ActivityKind

    return ActivityKind.objects.create(
        unit=unit_ or _department().unit,
        code=code or f"k{next(_seq)}",
        name=name,
        is_study=is_study,
        required_rate=required_rate,
    )


def shipped_kind(code="political_study"):
    from chuangwen.activities.models import ActivityKind

    return ActivityKind.objects.get(unit__isnull=True, code=code)


def activity(
    dept=None, *, kind=None, title="三月政治学习", starts_at=None, hours=2, roster=(), campaign=None, items=(), **kw
):
    """An activity of ``dept``'s unit organised by ``dept``, starting now by default."""
    from datetime import timedelta

    from django.utils import timezone

    from chuangwen.activities.models import Activity

    dept = dept or _department()
    starts_at = starts_at or timezone.now()
    a = Activity.objects.create(
        unit=dept.unit,
        department=dept,
        kind=kind or shipped_kind(),
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        campaign=campaign,
        **kw,
    )
    if roster:
        a.roster.set(roster)
    if items:
        a.items.set(items)
    return a


def attendance(act=None, person_=None, *, status="present", method="qr", **kw):
    from django.utils import timezone

    from chuangwen.activities.models import Attendance

    act = act or activity()
    person_ = person_ or person(act.department)
    return Attendance.objects.create(
        activity=act,
        person=person_,
        unit=act.unit,
        department=person_.department,
        status=status,
        method=method,
        signed_at=timezone.now(),
        **kw,
    )


def activity_photo(act=None, **kw):
    from chuangwen.activities.models import ActivityPhoto

    act = act or activity()
    return ActivityPhoto.objects.create(
        activity=act,
        unit=act.unit,
        file="activities/x.jpg",
        content_type="image/jpeg",
        size=10,
        sha256="0" * 64,
        **{"original_name": "现场.jpg", **kw},
    )


def study_note(act=None, person_=None, *, word_count=800, **kw):
    from chuangwen.activities.models import StudyNote

    act = act or activity()
    person_ = person_ or person(act.department)
    return StudyNote.objects.create(
        activity=act,
        person=person_,
        unit=act.unit,
        department=person_.department,
        text=kw.pop("text", "学习心得"),
        word_count=word_count,
        year=act.starts_at.year,
        **kw,
    )


def study_target(unit_=None, *, year=2026, words=10000, kind=None):
    from chuangwen.activities.models import StudyTarget

    return StudyTarget.objects.create(unit=unit_ or _department().unit, year=year, kind=kind, words_per_person=words)


# --- ethics (医德医风考评) -------------------------------------------------------------------


def ethics_rule_set(u=None, *, year=2026, publish=True):
    from chuangwen.ethics import services

    rule_set = services.ruleset_create(unit=u or _department().unit, year=year)
    return services.ruleset_publish(rule_set=rule_set) if publish else rule_set


def ethics_evaluation(u=None, *, year=2026):
    from chuangwen.ethics import services

    d = _department(None) if u is None else department(u)
    person(d, name="周敏")
    rule_set = ethics_rule_set(d.unit, year=year)
    return services.evaluation_open(unit=d.unit, year=year, rule_set=rule_set, departments=[d])


def ethics_veto_act(u=None, **kw):
    from chuangwen.ethics.models import VetoAct

    return VetoAct.objects.create(
        unit=u or _department().unit, code=kw.pop("code", f"act{next(_seq)}"), name="违规收受礼品", **kw
    )


def ethics_veto(p=None, **kw):
    from chuangwen.ethics.models import VetoAct, VetoRecord

    p = p or person(_department())
    return VetoRecord.objects.create(
        unit=p.unit, person=p, department=p.department,
        act=kw.pop("act", None) or VetoAct.objects.filter(unit=None).first(),
        occurred_on=kw.pop("occurred_on", date(2026, 5, 12)), facts=kw.pop("facts", "收受患者红包"),
        recorded_by=kw.pop("recorded_by", None) or user(), **kw,
    )  # fmt: skip


def ethics_veto_file(v=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chuangwen.ethics.models import VetoFile

    v = v or ethics_veto()
    f = VetoFile(veto=v, original_name="情况说明.pdf", content_type="application/pdf", size=9, sha256="0" * 64,
                 uploaded_by=v.recorded_by)  # fmt: skip
    f.file.save("statement.pdf", SimpleUploadedFile("statement.pdf", b"%PDF-1.4\n"), save=False)
    f.save()
    return f


def ethics_objection(e=None):
    from chuangwen.ethics.models import Objection

    e = e or ethics_evaluation()
    return Objection.objects.create(evaluation=e, text="评定程序不公开", filed_by=user())


FACTORIES.update(
    {
        "activities.ActivityKind": lambda: activity_kind(),
        "activities.Activity": lambda: activity(),
        "activities.Attendance": lambda: attendance(),
        "activities.ActivityPhoto": lambda: activity_photo(),
        "activities.StudyNote": lambda: study_note(),
        "activities.StudyTarget": lambda: study_target(),
    }
)
# --- document templates and generated documents ---------------------------------------------


def document_template(u=None, *, kind="plan", version=1, **kw):
    from django.core.files.base import ContentFile

    from chuangwen.reports.models import DocumentTemplate

    t = DocumentTemplate(
        unit=u or unit(region(f"县{next(_seq)}")),
        kind=kind,
        version=version,
        original_name="工作方案模板.docx",
        sha256="0" * 64,
        **kw,
    )
    t.file.save("template.docx", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    t.save()
    return t


def plan_text(camp=None, **kw):
    from chuangwen.reports.models import PlanText

    return PlanText.objects.create(
        campaign=_campaign(camp), goals=kw.pop("goals", "力争通过市级文明单位测评验收。"), **kw
    )


def summary_text(camp=None, **kw):
    from chuangwen.reports.models import SummaryText

    return SummaryText.objects.create(campaign=_campaign(camp), tasks=kw.pop("tasks", "对照测评体系逐项落实。"), **kw)


def generated_document(camp=None, **kw):
    from django.core.files.base import ContentFile

    from chuangwen.reports.models import GeneratedDocument

    camp = _campaign(camp)
    d = GeneratedDocument(
        unit=camp.unit,
        campaign=camp,
        kind="plan",
        title=kw.pop("title", f"{camp.unit.name}工作方案"),
        sha256="0" * 64,
        **kw,
    )
    d.docx.save("plan.docx", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    d.save()
    return d


FACTORIES.update(
    {
        "ethics.VetoAct": lambda: ethics_veto_act(),
        "ethics.RuleSet": lambda: ethics_rule_set(),
        "ethics.Component": lambda: ethics_rule_set(publish=False).components.first(),
        "ethics.GradeRule": lambda: ethics_rule_set(publish=False).grade_rules.first(),
        "ethics.Evaluation": lambda: ethics_evaluation(),
        "ethics.EvaluationRow": lambda: ethics_evaluation().rows.first(),
        "ethics.Objection": lambda: ethics_objection(),
        "ethics.VetoRecord": lambda: ethics_veto(),
        "ethics.VetoFile": lambda: ethics_veto_file(),
    }
)


def kiosk_link(u=None, *, region_=None, label="创建办大屏", **kw):
    """A big-screen link of a hospital (or, with ``region_``, of a region); ``link.token`` holds
    its token (only its hash is stored)."""
    from datetime import timedelta

    from django.utils import timezone

    from chuangwen.screens.models import KioskLink
    from chuangwen.screens.selectors import hash_token

    token = kw.pop("token", f"kiosk_test{next(_seq):06d}")
    unit_ = None if region_ is not None else (u or _department().unit)
    link = KioskLink.objects.create(
        unit=unit_,
        region=region_,
        label=label,
        prefix=token[6:14],
        token_hash=hash_token(token),
        expires_at=kw.pop("expires_at", timezone.now() + timedelta(days=30)),
        **kw,
    )
    link.token = token
    return link


FACTORIES["screens.KioskLink"] = lambda: kiosk_link()
