"""The role × scope matrix, generated: every scoped model, every API operation that takes ids
and every page whose URL holds an id, against a user of hospital A in each role and a record
of hospital B (another county) of every kind.

Nothing here is listed by hand except the vocabulary that turns a name into a model (an id
field ``department`` or a URL ``inspections:finding_detail`` names a Department / a Finding):
a new scoped model without a builder, a new id field or a new URL without a model fails the
matrix loudly, so it is covered the day it appears. B's record must be "not found": 404, or
the very answer a missing id gets (a 422 on the field, a 403 of a role that may not use the
page at all), and nothing B calls itself (every B name holds the marker ``狻猊``) may appear.

Hospital B's records and A's users are built once for the module (one transaction, rolled back
at the end); each test runs in a savepoint inside it."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from chuangwen.core.lookups import resolvable_models, scoped
from chuangwen.core.roles import CHANGE, VIEW, Role
from chuangwen.dashboard.models import Notification
from tests import factories as f

MARK = "狻猊"  # in every name of hospital B, so a leak of any of them is visible in a response
MARK_ASCII = "suanni"
MISSING = 2_000_000_000  # an id no table holds

ROLES = ["supervisor", "office", "head", "inspector", "secretary", "staff", "admin", "nobody"]


# --- builders: one record of every scoped model, for one hospital ----------------------------


def _m(label):
    from django.apps import apps

    return apps.get_model(label)


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 60, 40)).save(buf, "JPEG")
    return buf.getvalue()


def _unit(h):
    return h.unit


def _department(h):
    return h.department


def _person(h):
    return h.person


def _user(h):
    return h.user


def _membership(h):
    return _m("org.Membership").objects.create(user=h.user, role=Role.INSPECTOR, scope="unit", unit=h.unit)


def _standard(h):
    h.standard = f.standard(h.unit, name=f"{h.mark}测评体系", status="draft", aspects=1, indicators=1, items=1)
    return h.standard


def _item(h):
    h.item = h.standard.items.get()
    h.item.title = f"{h.mark}测评项目"
    h.item.save()
    return h.item


def _campaign(h):
    h.campaign = f.campaign(h.unit, h.standard, name=f"{h.mark}创建周期")
    return h.campaign


def _phase(h):
    return _m("campaigns.Phase").objects.create(
        campaign=h.campaign, name=f"{h.mark}阶段", starts_on=date(2026, 2, 1), ends_on=date(2026, 11, 30)
    )


def _campaign_member(h):
    group = _m("campaigns.CampaignMember").Group.values[0]
    return _m("campaigns.CampaignMember").objects.create(campaign=h.campaign, group=group, person=h.person, duty="成员")


def _task(h):
    h.task = f.task(h.campaign, h.department, title=f"{h.mark}任务", person=h.person, items=[h.item])
    return h.task


def _evidence(h):
    h.evidence = _m("evidence.Evidence").objects.create(
        campaign=h.campaign,
        unit=h.unit,
        department=h.department,
        task=h.task,
        item=h.item,
        title=f"{h.mark}台账",
        occurred_on=date.today(),
    )
    return h.evidence


def _evidence_file(h):
    return _m("evidence.EvidenceFile").objects.create(
        evidence=h.evidence,
        unit=h.unit,
        department=h.department,
        file="evidence/x.jpg",
        thumbnail="evidence/x_t.jpg",
        original_name=f"{h.mark}.jpg",
        kind="photo",
        content_type="image/jpeg",
        size=10,
        sha256="0" * 64,
    )


def _compliance(h):
    return _m("evidence.ItemCompliance").objects.create(campaign=h.campaign, unit=h.unit, item=h.item)


def _round(h):
    today = timezone.localdate()
    h.round = _m("inspections.InspectionRound").objects.create(
        owner_unit=h.unit, kind="self_check", title=f"{h.mark}自查", starts_on=today, ends_on=today + timedelta(days=9)
    )
    h.round.target_units.set([h.unit])
    return h.round


def _finding(h):
    h.finding = _m("inspections.Finding").objects.create(
        unit=h.unit,
        source_unit=h.unit,
        round=h.round,
        department=h.department,
        item=h.item,
        description=f"{h.mark}问题",
        found_at=timezone.now(),
        state="responded",
        responsible_person=h.person,
        deadline=date.today() + timedelta(days=5),
    )
    return h.finding


def _finding_photo(h):
    return _m("inspections.FindingPhoto").objects.create(
        finding=h.finding,
        unit=h.unit,
        department=h.department,
        stage="found",
        file="inspections/x.jpg",
        thumbnail="inspections/x_t.jpg",
        original_name=f"{h.mark}.jpg",
        content_type="image/jpeg",
        size=10,
        sha256="0" * 64,
    )


def _bulletin(h):
    return _m("inspections.Bulletin").objects.create(
        unit=h.unit, title=f"{h.mark}通报", period_start=date(2026, 1, 1), period_end=date(2026, 1, 31), file="b.docx"
    )


def _document_template(h):
    return _m("reports.DocumentTemplate").objects.create(
        unit=h.unit, kind="plan", version=1, file="t.docx", original_name=f"{h.mark}模板.docx", sha256="0" * 64
    )


def _plan_text(h):
    return _m("reports.PlanText").objects.create(campaign=h.records["campaigns.Campaign"], goals=f"{h.mark}目标")


def _summary_text(h):
    return _m("reports.SummaryText").objects.create(campaign=h.records["campaigns.Campaign"], tasks=f"{h.mark}任务")


def _generated_document(h):
    return _m("reports.GeneratedDocument").objects.create(
        unit=h.unit,
        campaign=h.records["campaigns.Campaign"],
        kind="plan",
        title=f"{h.mark}工作方案",
        docx="d.docx",
        pdf="d.pdf",
        pdf_status="done",
        sha256="0" * 64,
    )


def _template(h):
    h.template = _m("surveys.SurveyTemplate").objects.create(unit=h.unit, name=f"{h.mark}问卷", audience="patient")
    return h.template


def _question(h):
    h.question = _m("surveys.Question").objects.create(template=h.template, text=f"{h.mark}问题")
    return h.question


def _satisfaction_settings(h):
    return _m("surveys.SatisfactionSettings").objects.create(unit=h.unit)


def _response(h):
    return _m("surveys.Response").objects.create(
        template=h.template,
        unit=h.unit,
        department=h.department,
        submitted_at=timezone.now(),
        month=date(2026, 1, 1),
        idempotency_key=f"{h.key}-1",
    )


def _department_month(h):
    return _m("surveys.DepartmentMonth").objects.create(
        unit=h.unit, department=h.department, template=h.template, month=date(2026, 1, 1)
    )


def _question_month(h):
    return _m("surveys.QuestionMonth").objects.create(
        unit=h.unit, department=h.department, template=h.template, question=h.question, month=date(2026, 1, 1)
    )


def _alert(h):
    return _m("surveys.SatisfactionAlert").objects.create(
        unit=h.unit, department=h.department, month=date(2026, 1, 1), index=Decimal("50"), threshold=80
    )


def _complaint_settings(h):
    return _m("feedback.ComplaintSettings").objects.create(unit=h.unit, reference_prefix="SN")


def _complaint(h):
    h.complaint = _m("feedback.Complaint").objects.create(
        unit=h.unit,
        department=h.department,
        reference=f"TS-{h.key}",
        channel="phone",
        content=f"{h.mark}投诉",
        deadline=date.today() + timedelta(days=5),
    )
    return h.complaint


def _handling_record(h):
    return _m("feedback.HandlingRecord").objects.create(complaint=h.complaint, action="note", text=f"{h.mark}记录")


def _audit_event(h):
    return _m("audit.AuditEvent").objects.create(
        action="download", unit=h.unit, actor=h.user, username=h.user.username, target_repr=f"{h.mark}文件"
    )


def _ledger_entry(h):
    return _m("scoring.LedgerEntry").objects.create(
        unit=h.unit,
        department=h.department,
        person=h.person,
        period=date(2026, 3, 1),
        occurred_on=date(2026, 3, 12),
        points=-1,
        source="manual",
        reason=f"{h.mark}扣分",
    )


def _item_assessment(h):
    return _m("scoring.ItemAssessment").objects.create(
        campaign=h.campaign, unit=h.unit, item=h.item, assessor="self", score=1, reason=f"{h.mark}自评"
    )


def _item_score(h):
    return _m("scoring.ItemScore").objects.create(
        campaign=h.campaign, unit=h.unit, item=h.item, view="self", method="all_or_nothing", points=5, due=5,
        score=1, lines=[{"points": "1.00", "text": f"{h.mark}得分", "url": ""}], computed_on=date(2026, 3, 12),
    )  # fmt: skip


def _unit_veto(h):
    condition = _m("scoring.VetoCondition").objects.order_by("pk").first()
    return _m("scoring.UnitVeto").objects.create(
        unit=h.unit, condition=condition, occurred_on=date(2026, 3, 1), description=f"{h.mark}事故"
    )


def _scheme(h):
    return _m("scoring.Scheme").objects.create(unit=h.unit, name=f"{h.mark}考核方案", rules=[])


def _department_score(h):
    return _m("scoring.DepartmentScore").objects.create(
        scheme=h.records["scoring.Scheme"],
        unit=h.unit,
        department=h.department,
        month=date(2026, 3, 1),
        base=100,
        score=99,
        rank=1,
        published_at=timezone.now(),
    )


def _appeal(h):
    h.appeal = _m("scoring.Appeal").objects.create(
        entry=h.records["scoring.LedgerEntry"],
        unit=h.unit,
        department=h.department,
        text=f"{h.mark}申诉",
        filed_by=h.user,
        deadline=date(2026, 3, 19),
    )
    return h.appeal


def _appeal_event(h):
    return _m("scoring.AppealEvent").objects.create(appeal=h.appeal, action="filed", by=h.user, text=f"{h.mark}申诉")


def _appeal_file(h):
    f = _m("scoring.AppealFile")(
        appeal=h.appeal,
        original_name=f"{h.mark}.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=h.user,
    )
    f.file.save("appeal.pdf", SimpleUploadedFile("appeal.pdf", b"%PDF-1.4\n"), save=False)
    f.save()
    return f


def _entry_file(h):
    f = _m("scoring.EntryFile")(
        entry=h.records["scoring.LedgerEntry"], original_name=f"{h.mark}.pdf", content_type="application/pdf",
        size=9, sha256="0" * 64, uploaded_by=h.user,
    )  # fmt: skip
    f.file.save("entry.pdf", SimpleUploadedFile("entry.pdf", b"%PDF-1.4\n"), save=False)
    f.save()
    return f


def _ledger_build(h):
    return _m("reports.LedgerBuild").objects.create(campaign=h.campaign, unit=h.unit, fingerprint="0" * 64)


def _indicator_report(h):
    return _m("reports.IndicatorReport").objects.create(
        campaign=h.campaign, unit=h.unit, indicator=h.item.indicator, text=f"{h.mark}说明报告"
    )


def _notification(h):
    return Notification.objects.create(user=h.user, kind="test", title=f"{h.mark}消息", url="/")


def _export_job(h):
    return _m("core.ExportJob").objects.create(
        kind="staff", requested_by=h.user, unit=h.unit, filename=f"{h.mark}花名册.xlsx", ids=[h.person.pk]
    )


def _honour_type(h):
    return f.honour_type(h.unit, code=f"honour-{h.key}", name=f"{h.mark}最满意护士", rules=[])


def _selection(h):
    return f.selection(h.unit, types=[h.records["honours.HonourType"]], title=f"{h.mark}评先评优")


def _nomination(h):
    sel = h.records["honours.Selection"]
    return f.nomination(sel, person_=h.person, honour_type_=h.records["honours.HonourType"], reason=f"{h.mark}事迹")


def _nomination_file(h):
    return f.nomination_file(h.records["honours.Nomination"])


def _vote_session(h):
    return f.vote_session(h.records["honours.Nomination"], voters=[h.person], title=f"{h.mark}投票")


def _objection(h):
    return f.objection(h.records["honours.Nomination"], text=f"{h.mark}异议", submitted_by=h.user)


def _activity_kind(h):
    return f.activity_kind(h.unit, name=f"{h.mark}活动类型")


def _activity(h):
    h.activity = f.activity(
        h.department, title=f"{h.mark}政治学习", roster=[h.person], campaign=h.campaign, items=[h.item]
    )
    return h.activity


def _attendance(h):
    return f.attendance(h.activity, h.person)


def _activity_photo(h):
    return f.activity_photo(h.activity, original_name=f"{h.mark}.jpg")


def _study_note(h):
    return f.study_note(h.activity, h.person, text=f"{h.mark}笔记")


def _study_target(h):
    return f.study_target(h.unit)


def _ethics_veto_act(h):
    return _m("ethics.VetoAct").objects.create(unit=h.unit, code=f"act-{h.key}", name=f"{h.mark}否决事项")


def _ethics_rule_set(h):
    from chuangwen.ethics import services

    return services.ruleset_publish(rule_set=services.ruleset_create(unit=h.unit, year=2026))


def _ethics_component(h):
    return h.records["ethics.RuleSet"].components.first()


def _ethics_grade_rule(h):
    return h.records["ethics.RuleSet"].grade_rules.first()


def _ethics_evaluation(h):
    from chuangwen.ethics import services

    return services.evaluation_open(
        unit=h.unit, year=2026, rule_set=h.records["ethics.RuleSet"], departments=[h.department]
    )


def _ethics_row(h):
    return h.records["ethics.Evaluation"].rows.get(person=h.person)


def _ethics_objection(h):
    return _m("ethics.Objection").objects.create(
        evaluation=h.records["ethics.Evaluation"], row=h.records["ethics.EvaluationRow"], text=f"{h.mark}异议",
        filed_by=h.user,
    )  # fmt: skip


def _ethics_veto(h):
    return _m("ethics.VetoRecord").objects.create(
        unit=h.unit, person=h.person, department=h.department, act=h.records["ethics.VetoAct"],
        occurred_on=date(2026, 5, 12), facts=f"{h.mark}收受红包", recorded_by=h.user,
    )  # fmt: skip


def _ethics_veto_file(h):
    f = _m("ethics.VetoFile")(
        veto=h.records["ethics.VetoRecord"], original_name=f"{h.mark}.pdf", content_type="application/pdf",
        size=9, sha256="0" * 64, uploaded_by=h.user,
    )  # fmt: skip
    f.file.save("veto.pdf", SimpleUploadedFile("veto.pdf", b"%PDF-1.4\n"), save=False)
    f.save()
    return f


def _volunteer_event(h):
    h.volunteer_event = _m("volunteer.Event").objects.create(
        unit=h.unit, title=f"{h.mark}义诊", kind="义诊", held_on=date(2026, 3, 5)
    )
    return h.volunteer_event


def _volunteer_photo(h):
    p = _m("volunteer.EventPhoto")(event=h.volunteer_event, original_name=f"{h.mark}.jpg", content_type="image/jpeg",
                                   size=10)  # fmt: skip
    p.file.save("v.jpg", SimpleUploadedFile("v.jpg", _jpeg()), save=False)
    p.save()
    return p


def _volunteer_hours(h):
    return _m("volunteer.ServiceHours").objects.create(
        unit=h.unit, department=h.department, person=h.person, event=h.volunteer_event, event_name=f"{h.mark}义诊",
        served_on=date(2026, 3, 5), hours=Decimal("3"),
    )  # fmt: skip


def _volunteer(h):
    return _m("volunteer.Volunteer").objects.create(unit=h.unit, person=h.person, registered_on=date(2025, 1, 1))


def _volunteer_rule(h):
    return _m("volunteer.ServiceRule").objects.create(
        unit=h.unit, year=2026, kind="each_month", target=Decimal("3"), basis=f"{h.mark}要求"
    )


def _volunteer_star(h):
    return _m("volunteer.StarLevel").objects.create(unit=h.unit, stars=1, name=f"{h.mark}一星", min_hours=100)


def _volunteer_batch(h):
    b = _m("volunteer.ImportBatch")(unit=h.unit, filename=f"{h.mark}.xlsx", status="validated")
    b.file.save("i.xlsx", SimpleUploadedFile("i.xlsx", b"PK"), save=False)
    b.save()
    return b


def _volunteer_mapping(h):
    return _m("volunteer.ImportMapping").objects.create(unit=h.unit, mapping={"name": f"{h.mark}姓名"})


# Model label -> builder, in the order they are built (later ones use earlier ones' records).
BUILDERS = {
    "org.Unit": _unit,
    "org.Department": _department,
    "org.Person": _person,
    "org.User": _user,
    "org.Membership": _membership,
    "standards.Standard": _standard,
    "standards.Item": _item,
    "campaigns.Campaign": _campaign,
    "campaigns.Phase": _phase,
    "campaigns.Task": _task,
    "campaigns.CampaignMember": _campaign_member,
    "evidence.Evidence": _evidence,
    "evidence.EvidenceFile": _evidence_file,
    "evidence.ItemCompliance": _compliance,
    "inspections.InspectionRound": _round,
    "inspections.Finding": _finding,
    "inspections.FindingPhoto": _finding_photo,
    "inspections.Bulletin": _bulletin,
    "reports.DocumentTemplate": _document_template,
    "reports.PlanText": _plan_text,
    "reports.SummaryText": _summary_text,
    "reports.GeneratedDocument": _generated_document,
    "surveys.SurveyTemplate": _template,
    "surveys.Question": _question,
    "surveys.SatisfactionSettings": _satisfaction_settings,
    "surveys.Response": _response,
    "surveys.DepartmentMonth": _department_month,
    "surveys.QuestionMonth": _question_month,
    "surveys.SatisfactionAlert": _alert,
    "feedback.Complaint": _complaint,
    "feedback.ComplaintSettings": _complaint_settings,
    "feedback.HandlingRecord": _handling_record,
    "audit.AuditEvent": _audit_event,
    "scoring.LedgerEntry": _ledger_entry,
    "scoring.ItemAssessment": _item_assessment,
    "scoring.ItemScore": _item_score,
    "scoring.UnitVeto": _unit_veto,
    "scoring.Scheme": _scheme,
    "scoring.DepartmentScore": _department_score,
    "scoring.Appeal": _appeal,
    "scoring.AppealEvent": _appeal_event,
    "scoring.AppealFile": _appeal_file,
    "scoring.EntryFile": _entry_file,
    "honours.HonourType": _honour_type,
    "honours.Selection": _selection,
    "honours.Nomination": _nomination,
    "honours.NominationFile": _nomination_file,
    "honours.VoteSession": _vote_session,
    "honours.Objection": _objection,
    "activities.ActivityKind": _activity_kind,
    "activities.Activity": _activity,
    "activities.Attendance": _attendance,
    "activities.ActivityPhoto": _activity_photo,
    "activities.StudyNote": _study_note,
    "activities.StudyTarget": _study_target,
    "ethics.VetoAct": _ethics_veto_act,
    "ethics.RuleSet": _ethics_rule_set,
    "ethics.Component": _ethics_component,
    "ethics.GradeRule": _ethics_grade_rule,
    "ethics.Evaluation": _ethics_evaluation,
    "ethics.EvaluationRow": _ethics_row,
    "ethics.Objection": _ethics_objection,
    "ethics.VetoRecord": _ethics_veto,
    "ethics.VetoFile": _ethics_veto_file,
    "reports.LedgerBuild": _ledger_build,
    "reports.IndicatorReport": _indicator_report,
    "volunteer.Event": _volunteer_event,
    "volunteer.EventPhoto": _volunteer_photo,
    "volunteer.ServiceHours": _volunteer_hours,
    "volunteer.Volunteer": _volunteer,
    "volunteer.ServiceRule": _volunteer_rule,
    "volunteer.StarLevel": _volunteer_star,
    "volunteer.ImportBatch": _volunteer_batch,
    "volunteer.ImportMapping": _volunteer_mapping,
    # Not scoped by a ScopeSpec (a user's own, a campaign's member), but named by id in URLs.
    "dashboard.Notification": _notification,
    "core.ExportJob": _export_job,
}


def _kiosk_link(h):
    return f.kiosk_link(h.unit, label=f"{h.mark}大屏")


BUILDERS["screens.KioskLink"] = _kiosk_link

# Party work (党建): its builders live beside its tests.
from tests.party.factories import scope_builders as _party_builders  # noqa: E402

BUILDERS.update(_party_builders())

# Group robots: their builders live beside their tests.
from tests.robots.factories import scope_builders as _robot_builders  # noqa: E402

BUILDERS.update(_robot_builders())
from tests.ranking.factories import scope_builders as _ranking_builders  # noqa: E402

BUILDERS.update(_ranking_builders())


def _hospital(region, key: str, mark: str) -> SimpleNamespace:
    """One hospital with a record of every kind (``h.records``: model label -> record)."""
    h = SimpleNamespace(key=key, mark=mark)
    h.unit = f.unit(region, f"{mark}医院", short_name=f"{mark}院", code=f"U-{key}")
    h.department = f.department(h.unit, f"{mark}内科")
    h.person = f.person(h.department, name=f"{mark}职工", employee_no=f"E-{key}")
    h.user = f.user(f"{MARK_ASCII}_{key}" if mark == MARK else f"user_{key}", display_name=f"{mark}用户")
    f.member(h.user, Role.OFFICE, unit=h.unit)
    h.person.user = h.user
    h.person.save()
    h.records = {}
    for label, build in BUILDERS.items():
        h.records[label] = build(h)
    return h


@pytest.fixture(scope="module")
def mx(django_db_setup, django_db_blocker):
    """County X: bureau and hospital A, with a user in every role; county Y: hospital B (the
    marker in every name) with a record of every kind. Built once, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = SimpleNamespace()
            city = f.region("江州市", level="city")
            county_x = f.region("青溪县", parent=city)
            county_y = f.region(f"{MARK}县", parent=city)
            w.bureau = f.unit(county_x, "青溪县卫生健康局", kind="authority", category="bureau")
            w.a = _hospital(county_x, "a", "甲")
            w.b = _hospital(county_y, "b", MARK)
            units = {"unit": w.a.unit}
            memberships = {
                "supervisor": (Role.SUPERVISOR, {"region": county_x, "unit": w.bureau}),
                "office": (Role.OFFICE, units),
                "head": (Role.DEPT_HEAD, {"department": w.a.department}),
                "inspector": (Role.INSPECTOR, units),
                "secretary": (Role.PARTY_SECRETARY, units),
                "staff": (Role.STAFF, units),
                "admin": (Role.ADMIN, {"region": county_x}),
            }
            w.users = {}
            for role in ROLES:
                user = f.user(f"a_{role}")
                if role in memberships:
                    r, where = memberships[role]
                    f.member(user, r, **where)
                w.users[role] = user
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _fresh(user):
    user.__dict__.pop("_scope_memberships", None)
    return user


def _assert_no_leak(response, where: str) -> None:
    text = response.content.decode("utf-8", "replace")
    assert MARK not in text and MARK_ASCII not in text, f"{where} names a record of hospital B: {text[:500]}"


# --- models ----------------------------------------------------------------------------------


def test_every_scoped_model_has_a_builder():
    labels = {m._meta.label for m in resolvable_models()}
    missing = sorted(labels - set(BUILDERS))
    assert not missing, f"add a builder to tests/core/test_scope_matrix.py BUILDERS for: {missing}"


@pytest.mark.parametrize("label", sorted(m._meta.label for m in resolvable_models()))
def test_no_role_of_a_sees_b_records(db, mx, label):
    record = mx.b.records[label]
    for role in ROLES:
        user = _fresh(mx.users[role])
        for action in (VIEW, CHANGE):
            assert not scoped(type(record), user, action).filter(pk=record.pk).exists(), (label, role, action)
    # the builder made a record the matrix can see at all: B's own office sees it (or the
    # superuser does, for what an office may not read)
    owner = _fresh(mx.b.user)
    visible = scoped(type(record), owner).filter(pk=record.pk).exists()
    owner.is_superuser = True
    assert visible or scoped(type(record), owner).filter(pk=record.pk).exists(), label
    owner.is_superuser = False


# --- API -------------------------------------------------------------------------------------

# The model an id field or a path parameter names.
ID_FIELDS = {
    "unit": "org.Unit",
    "owner_unit": "org.Unit",
    "target_units": "org.Unit",
    "department": "org.Department",
    "target_departments": "org.Department",
    "co_departments": "org.Department",
    "handling_department": "org.Department",
    "person": "org.Person",
    "head": "org.Person",
    "responsible_person": "org.Person",
    "inspectors": "org.User",
    "handler": "org.User",
    "standard": "standards.Standard",
    "item": "standards.Item",
    "items": "standards.Item",
    "campaign": "campaigns.Campaign",
    "phase": "campaigns.Phase",
    "task": "campaigns.Task",
    "round": "inspections.InspectionRound",
    "template": "surveys.SurveyTemplate",
    "honour_type": "honours.HonourType",
    "selection": "honours.Selection",
    "choices": "honours.Nomination",
    "kind": "activities.ActivityKind",
    "organiser": "org.Person",
    "roster_departments": "org.Department",
    "people": "org.Person",
    "row": "ethics.EvaluationRow",
    "act": "ethics.VetoAct",
    "event": "volunteer.Event",
    "region": None,  # a region is not a hospital's record: checked against the bureau's regions
    "branch": "party.Branch",
    "group": "party.PartyGroup",
    "host": "org.Person",
    "recorder": "org.Person",
    "robot": "robots.Robot",
    "aspects": None,  # aspects of the campaign's own standard (reports.services._aspect_ids refuses others)
}
PATH_PARAMS = {
    "unit_id": "org.Unit",
    "department_id": "org.Department",
    "person_id": "org.Person",
    "standard_id": "standards.Standard",
    "item_id": "standards.Item",
    "campaign_id": "campaigns.Campaign",
    "task_id": "campaigns.Task",
    "evidence_id": "evidence.Evidence",
    "file_id": "evidence.EvidenceFile",
    "round_id": "inspections.InspectionRound",
    "finding_id": "inspections.Finding",
    "photo_id": "inspections.FindingPhoto",
    "template_id": "surveys.SurveyTemplate",
    "response_id": "surveys.Response",
    "complaint_id": "feedback.Complaint",
    "notification_id": "dashboard.Notification",
    "entry_id": "scoring.LedgerEntry",
    "appeal_id": "scoring.Appeal",
    "branch_id": "party.Branch",
    "meeting_id": "party.Meeting",
    "applicant_id": "party.Applicant",
    "selection_id": "honours.Selection",
    "vote_id": "honours.VoteSession",
    "activity_id": "activities.Activity",
    "document_id": "reports.GeneratedDocument",
    "bulletin_id": "inspections.Bulletin",
    "rule_set_id": "ethics.RuleSet",
    "evaluation_id": "ethics.Evaluation",
    "row_id": "ethics.EvaluationRow",
    "objection_id": "ethics.Objection",
    "build_id": "reports.LedgerBuild",
    "link_id": "screens.KioskLink",
    "report_id": "reports.IndicatorReport",
    "hours_id": "volunteer.ServiceHours",
    "import_id": "volunteer.ImportBatch",
    "robot_id": "robots.Robot",
    "ranking_bulletin_id": "ranking.RankingBulletin",
}


def _schema():
    from chuangwen.api.api import api

    return api.get_openapi_schema()


def _deref(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return _deref(schema, node["allOf"][0])
    return node


def _is_int(schema, node) -> bool:
    node = _deref(schema, node)
    if node.get("type") == "integer":
        return True
    return any(_deref(schema, x).get("type") == "integer" for x in node.get("anyOf", []))


def _is_int_list(schema, node) -> bool:
    node = _deref(schema, node)
    options = [node] + [_deref(schema, x) for x in node.get("anyOf", [])]
    return any(o.get("type") == "array" and _is_int(schema, o.get("items", {})) for o in options)


def _looks_like_id(name: str, node: dict) -> bool:
    return name in ID_FIELDS or name.endswith("_id") or bool(re.search(r"\bid\b|id[（）]", node.get("description", "")))


def _operations():
    """(method, path, op, path params, body content type, body schema, id fields) of every
    operation with an id in its path or its body."""
    schema = _schema()
    out = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            params = [p for p in op.get("parameters", []) if p["in"] == "path"]
            content = op.get("requestBody", {}).get("content", {})
            ctype, body = next(iter(content.items()), (None, None))
            body = _deref(schema, body["schema"]) if body else {}
            fields = []
            for name, node in body.get("properties", {}).items():
                node = _deref(schema, node)
                if (_is_int(schema, node) or _is_int_list(schema, node)) and _looks_like_id(name, node):
                    fields.append(name)
            if params or fields:
                out.append((method, path, op, params, ctype, body, fields))
    return schema, out


def _example(schema, name: str, node: dict, a_ids: dict, files: dict):
    """A plausible value for a body field (A's records for ids), so the request gets as far as
    the lookups."""
    node = _deref(schema, node)
    if "anyOf" in node:
        options = [_deref(schema, x) for x in node["anyOf"] if _deref(schema, x).get("type") != "null"]
        node = options[0] if options else {}
    if name in ID_FIELDS and ID_FIELDS[name]:
        pk = a_ids[ID_FIELDS[name]]
        return [pk] if node.get("type") == "array" else pk
    if "enum" in node:
        return node["enum"][0]
    kind, fmt = node.get("type"), node.get("format")
    if kind == "string" and fmt == "binary":
        files[name] = True
        return None
    if kind == "string":
        return {"date": str(date.today() + timedelta(days=3)), "date-time": timezone.now().isoformat()}.get(fmt, "测试")
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        item = _deref(schema, node.get("items", {}))
        if item.get("type") == "string" and item.get("format") == "binary":
            files[name] = True
            return None
        return [_example(schema, name, item, a_ids, files)]
    if kind == "object" or "properties" in node:
        return {k: _example(schema, k, v, a_ids, files) for k, v in node.get("properties", {}).items()}
    return None


def _body(schema, body: dict, a_ids: dict, override: dict):
    files: dict = {}
    data = {}
    for name, node in body.get("properties", {}).items():
        value = _example(schema, name, node, a_ids, files)
        if value is not None:
            data[name] = value
    data.update(override)
    return data, files


def _request(client, user_key, method, url, ctype, data, files):
    headers = {"Authorization": f"Bearer {user_key}"}
    if ctype == "multipart/form-data":
        payload = {k: v for k, v in data.items() if v is not None}
        for name in files:
            payload[name] = SimpleUploadedFile("x.jpg", _jpeg(), content_type="image/jpeg")
        return getattr(client, method)(url, data=payload, headers=headers)
    if ctype:
        return getattr(client, method)(url, data=json.dumps(data), content_type="application/json", headers=headers)
    return getattr(client, method)(url, headers=headers)


def _answer(response) -> tuple:
    """What a client learns from an answer besides the ids it sent: status and error fields."""
    fields = ()
    if response.status_code == 422 and response.get("Content-Type", "").startswith("application/json"):
        fields = tuple(sorted(str(e.get("field")) for e in response.json().get("errors", [])))
    return response.status_code, fields


def test_every_api_id_is_mapped():
    _schema_, ops = _operations()
    unknown = sorted(
        {f"{p['name']} in {path}" for _m_, path, _o, params, *_ in ops for p in params if p["name"] not in PATH_PARAMS}
        | {f"{name} in {path}" for _m_, path, _o, _p, _c, _b, fields in ops for name in fields if name not in ID_FIELDS}
    )
    assert not unknown, f"map these ids to their model in tests/core/test_scope_matrix.py: {unknown}"
    assert len(ops) > 30


def test_api_answers_not_found_for_b_ids(db, mx):
    """Every operation with an id, for every role of A: B's id in one place (the others are A's
    own records) is answered like a missing id, and names nothing of B."""
    from chuangwen.api.services import token_create

    schema, ops = _operations()
    a_ids = {label: r.pk for label, r in mx.a.records.items()}
    b_ids = {label: r.pk for label, r in mx.b.records.items()}
    client = Client()
    checked = 0
    for role in ROLES:
        key = token_create(user=mx.users[role], name="matrix")[1]
        for method, path, _op, params, ctype, body, fields in ops:
            if method not in ("post", "put", "patch", "delete", "get"):
                continue
            places = [("path", p["name"]) for p in params] + [("body", name) for name in fields if ID_FIELDS.get(name)]
            for where, name in places:
                label = PATH_PARAMS[name] if where == "path" else ID_FIELDS[name]
                answers = {}
                for variant, pk in (("b", b_ids[label]), ("missing", MISSING)):
                    url = path
                    for p in params:
                        value = pk if (where, p["name"]) == ("path", name) else a_ids[PATH_PARAMS[p["name"]]]
                        url = url.replace("{" + p["name"] + "}", str(value))
                    override = {}
                    if where == "body":
                        is_list = _is_int_list(schema, body["properties"][name])
                        override[name] = [pk] if is_list else pk
                    data, files = _body(schema, body, a_ids, override) if ctype else ({}, {})
                    with transaction.atomic():
                        response = _request(client, key, method, url, ctype, data, files)
                        transaction.set_rollback(True)
                    context = f"{role} {method.upper()} {url} with B's {label} as {name}"
                    if variant == "b":
                        _assert_no_leak(response, context)
                        assert response.status_code in (400, 403, 404, 405, 409, 422), (context, response.content)
                        if response.status_code == 404:
                            break
                    answers[variant] = _answer(response)
                else:
                    assert answers["b"] == answers["missing"], (context, answers)
                checked += 1
    assert checked > 8 * 40


def test_api_filters_find_nothing_of_b(db, mx):
    """Every list filter by id (discovered from the schema's query parameters), for every role
    of A, with B's record: an empty answer (or a refusal), naming nothing of B."""
    from chuangwen.api.services import token_create

    schema = _schema()
    filters = [
        (path, p["name"])
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method == "get"
        for p in op.get("parameters", [])
        if p["in"] == "query" and _is_int(schema, p.get("schema", {})) and _looks_like_id(p["name"], p)
    ]
    unknown = sorted(f"{name} in {path}" for path, name in filters if name not in ID_FIELDS)
    assert not unknown, f"map these ids to their model in tests/core/test_scope_matrix.py: {unknown}"
    client = Client()
    for role in ROLES:
        key = token_create(user=mx.users[role], name="matrix")[1]
        for path, name in filters:
            if not ID_FIELDS[name]:
                continue
            url = f"{path}?{name}={mx.b.records[ID_FIELDS[name]].pk}"
            response = client.get(url, headers={"Authorization": f"Bearer {key}"})
            _assert_no_leak(response, f"{role} GET {url}")
            assert response.status_code in (200, 403, 404, 422), (role, url, response.status_code)
            if response.status_code == 200:
                body = response.json()
                rows = body.get("items", body) if isinstance(body, dict) else body
                assert rows == [], (role, url, rows)
    assert len(filters) > 20


# --- pages -----------------------------------------------------------------------------------

# The model each id of a page URL names: by URL name, then by the noun the name starts with.
PAGE_IDS = {
    ("standards:item_create", "pk"): "standards.Standard",
    ("standards:indicator_create", "pk"): "standards.Standard",
    ("campaigns:member_add", "pk"): "campaigns.Campaign",
    ("campaigns:member_remove", "pk"): "campaigns.Campaign",
    ("campaigns:member_remove", "member_pk"): "campaigns.CampaignMember",
    ("campaigns:task_create", "pk"): "campaigns.Campaign",
    ("campaigns:bulk_assign", "pk"): "campaigns.Campaign",
    ("campaigns:responsibility_export", "pk"): "campaigns.Campaign",
    ("campaigns:responsibility_import", "pk"): "campaigns.Campaign",
    ("dashboard:campaign_progress", "pk"): "campaigns.Campaign",
    ("inspections:photo", "pk"): "inspections.FindingPhoto",
    ("surveys:question_add", "pk"): "surveys.SurveyTemplate",
    ("surveys:poster_sheet", "pk"): "surveys.SurveyTemplate",
    ("surveys:poster", "pk"): "surveys.SurveyTemplate",
    ("surveys:alert_acknowledge", "pk"): "surveys.SatisfactionAlert",
    ("readiness:veto_withdraw", "pk"): "scoring.UnitVeto",
    ("scoring_departments:department", "pk"): "org.Department",
    ("scoring_departments:entry_detail", "pk"): "scoring.LedgerEntry",
    ("scoring_departments:entry_correct", "pk"): "scoring.LedgerEntry",
    ("scoring_departments:appeal_create", "pk"): "scoring.LedgerEntry",
    ("scoring_departments:appeal_detail", "pk"): "scoring.Appeal",
    ("scoring_departments:appeal_file", "pk"): "scoring.AppealFile",
    ("scoring_departments:entry_file", "pk"): "scoring.EntryFile",
    ("party:meeting_create", "pk"): "party.Branch",
    ("party:applicant_create", "pk"): "party.Branch",
    ("party:meeting_photo", "pk"): "party.MeetingPhoto",
    ("party:step_document", "pk"): "party.StepDocument",
    ("honours:selection_detail", "pk"): "honours.Selection",
    ("honours:selection_nominate", "pk"): "honours.Selection",
    ("honours:selection_advance", "pk"): "honours.Selection",
    ("honours:selection_publicity", "pk"): "honours.Selection",
    ("honours:selection_certificates", "pk"): "honours.Selection",
    ("honours:selection_vote_open", "pk"): "honours.Selection",
    ("honours:nomination_review", "pk"): "honours.Nomination",
    ("honours:nomination_withdraw", "pk"): "honours.Nomination",
    ("honours:nomination_object", "pk"): "honours.Nomination",
    ("honours:nomination_certificate", "pk"): "honours.Nomination",
    ("honours:nomination_file", "pk"): "honours.NominationFile",
    ("honours:objection_answer", "pk"): "honours.Objection",
    ("honours:vote_detail", "pk"): "honours.VoteSession",
    ("honours:vote_cast", "pk"): "honours.VoteSession",
    ("honours:vote_close", "pk"): "honours.VoteSession",
    ("honours:vote_paper", "pk"): "honours.VoteSession",
    ("activities:photo", "pk"): "activities.ActivityPhoto",
    ("activities:photo_thumbnail", "pk"): "activities.ActivityPhoto",
    ("activities:item_activities", "campaign_pk"): "campaigns.Campaign",
    ("activities:item_activities", "item_pk"): "standards.Item",
    ("ethics:veto_withdraw", "pk"): "ethics.VetoRecord",
    ("ethics:rule_detail", "pk"): "ethics.RuleSet",
    ("ethics:rule_publish", "pk"): "ethics.RuleSet",
    ("ethics:rule_version", "pk"): "ethics.RuleSet",
    ("ethics:evaluation", "pk"): "ethics.Evaluation",
    ("ethics:evaluation_grade", "pk"): "ethics.Evaluation",
    ("ethics:evaluation_review", "pk"): "ethics.Evaluation",
    ("ethics:evaluation_step", "pk"): "ethics.Evaluation",
    ("ethics:evaluation_objection", "pk"): "ethics.Evaluation",
    ("ethics:evaluation_summary", "pk"): "ethics.Evaluation",
    ("ethics:row", "pk"): "ethics.Evaluation",
    ("ethics:row", "row"): "ethics.EvaluationRow",
    ("ethics:row_form", "pk"): "ethics.Evaluation",
    ("ethics:row_form", "row"): "ethics.EvaluationRow",
    ("ethics:objection_answer", "pk"): "ethics.Objection",
    ("reports:ledger", "pk"): "campaigns.Campaign",
    ("reports:indicator_reports", "pk"): "campaigns.Campaign",
    ("volunteer:event_detail", "pk"): "volunteer.Event",
    ("volunteer:photo", "pk"): "volunteer.EventPhoto",
    ("volunteer:hours_correct", "pk"): "volunteer.ServiceHours",
    ("volunteer:hours_withdraw", "pk"): "volunteer.ServiceHours",
    ("volunteer:import_detail", "pk"): "volunteer.ImportBatch",
    ("ranking:unit", "pk"): "org.Unit",
    ("ranking:bulletin_download", "pk"): "ranking.RankingBulletin",
}
KWARG_MODELS = {
    "round_pk": "inspections.InspectionRound",
    "task_pk": "campaigns.Task",
    "department_pk": "org.Department",
}
NOUNS = {
    "unit": "org.Unit",
    "department": "org.Department",
    "person": "org.Person",
    "standard": "standards.Standard",
    "item": "standards.Item",
    "campaign": "campaigns.Campaign",
    "task": "campaigns.Task",
    "evidence": "evidence.Evidence",
    "file": "evidence.EvidenceFile",
    "round": "inspections.InspectionRound",
    "finding": "inspections.Finding",
    "photo": "inspections.FindingPhoto",
    "bulletin": "inspections.Bulletin",
    "document": "reports.GeneratedDocument",
    "notification": "dashboard.Notification",
    "export": "core.ExportJob",
    "response": "surveys.Response",
    "template": "surveys.SurveyTemplate",
    "question": "surveys.Question",
    "complaint": "feedback.Complaint",
    "event": "audit.AuditEvent",
    "branch": "party.Branch",
    "meeting": "party.Meeting",
    "applicant": "party.Applicant",
    "activity": "activities.Activity",
    "build": "reports.LedgerBuild",
    "report": "reports.IndicatorReport",
    "robot": "robots.Robot",
    "delivery": "robots.Delivery",
}


def _url_patterns():
    """(url name, {kwarg: converter}) of every named page URL (not the API, not the admin)."""
    out = []

    def walk(resolver, prefix, ns):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith(("api/", "admin/")):
                    continue
                inner = ":".join(x for x in (ns, p.namespace) if x) if p.namespace else ns
                walk(p, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern) and p.name:
                kwargs = {kw: conv for conv, kw in re.findall(r"<(\w+):(\w+)>", prefix + str(p.pattern))}
                out.append((f"{ns}:{p.name}" if ns else p.name, kwargs))

    walk(get_resolver(), "", None)
    return out


def _pages():
    """Every page URL with an id."""
    return [(name, kwargs) for name, kwargs in _url_patterns() if "int" in kwargs.values()]


def _page_model(name: str, kwarg: str) -> str | None:
    if (name, kwarg) in PAGE_IDS:
        return PAGE_IDS[(name, kwarg)]
    if kwarg in KWARG_MODELS:
        return KWARG_MODELS[kwarg]
    noun = name.split(":")[-1].split("_")[0]
    return NOUNS.get(noun)


def test_every_page_id_is_mapped():
    pages = _pages()
    unknown = sorted(
        f"{name} <{kw}>"
        for name, kwargs in pages
        for kw, conv in kwargs.items()
        if conv == "int" and _page_model(name, kw) is None
    )
    assert not unknown, f"map these URL ids to their model in tests/core/test_scope_matrix.py: {unknown}"
    assert len(pages) > 50


def test_pages_answer_not_found_for_b_ids(db, mx):
    """Every page URL with an id, GET and POST, for every role of A, with B's records: 404 (or
    the answer a missing id gets), never B's names."""
    pages = _pages()
    checked = 0
    for role in ROLES:
        client = Client()
        client.force_login(mx.users[role])
        for name, kwargs in pages:
            answers = {}
            for variant in ("b", "missing"):
                values = {}
                for kw, conv in kwargs.items():
                    if conv == "int":
                        label = _page_model(name, kw)
                        values[kw] = mx.b.records[label].pk if variant == "b" else MISSING
                    else:
                        values[kw] = "png"
                url = reverse(name, kwargs=values)
                statuses = []
                for method in ("get", "post"):
                    with transaction.atomic():
                        response = getattr(client, method)(url)
                        transaction.set_rollback(True)
                    if variant == "b":
                        _assert_no_leak(response, f"{role} {method.upper()} {url}")
                    statuses.append((response.status_code, response.get("Location")))
                answers[variant] = statuses
                if variant == "b" and all(s in (404, 405) for s, _loc in statuses):
                    break
            else:
                assert answers["b"] == answers["missing"], (role, name, answers)
            assert all(s not in (200, 201) for s, _loc in answers["b"]) or answers.get("missing") == answers["b"], (
                role,
                name,
                answers,
            )
            checked += 1
    assert checked == len(ROLES) * len(pages)


# --- forms -----------------------------------------------------------------------------------


def _model_choice_fields(form):
    from django import forms

    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            yield name, field


def test_forms_refuse_b_choices(db, mx):
    """Every page form with a model choice, as each role of A on A's own pages: B's record
    posted in that field is refused on the field (its queryset is limited to the scope), and
    the page names nothing of B."""
    from django import forms

    checked = 0
    for role in ROLES:
        client = Client()
        client.force_login(mx.users[role])
        for name, kwargs in _url_patterns():
            if any(conv != "int" for conv in kwargs.values()):
                continue
            values = {kw: mx.a.records[_page_model(name, kw)].pk for kw in kwargs}
            url = reverse(name, kwargs=values)
            try:
                with transaction.atomic():
                    page = client.get(url)
                    transaction.set_rollback(True)
            except FileNotFoundError:
                continue  # a download of A's (fileless) test record: no form there
            form = page.context.get("form") if page.status_code == 200 and page.context else None
            if not isinstance(form, forms.BaseForm):
                continue
            for field_name, field in _model_choice_fields(form):
                label = field.queryset.model._meta.label
                if label not in mx.b.records:
                    continue
                pk = mx.b.records[label].pk
                data = {form.add_prefix(field_name): pk}
                with transaction.atomic():
                    response = client.post(url, data)
                    transaction.set_rollback(True)
                where = f"{role} POST {url} with B's {label} as {field_name}"
                _assert_no_leak(response, where)
                assert response.status_code != 302, where
                posted = response.context.get("form") if response.context else None
                if posted is None or not posted.is_bound:
                    continue  # the page's form posts elsewhere (a detail page's side forms)
                assert field_name in posted.errors, (where, posted.errors)
                checked += 1
    assert checked > 20
