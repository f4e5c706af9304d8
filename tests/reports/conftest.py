"""Fixtures of the reports tests: a campaign with phases, groups and tasks for the plan
(``plan_world``); a demo-like campaign with evidence for the ledger (``camp``)."""

import datetime
import hashlib
import itertools
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chuangwen.campaigns.models import Phase
from chuangwen.core.roles import Role
from chuangwen.evidence import services as ev
from chuangwen.evidence.models import EvidenceFile
from tests import factories as f

TODAY = datetime.date(2026, 2, 3)
PHASES = [
    ("mobilise", "宣传发动", datetime.date(2026, 2, 1), datetime.date(2026, 3, 31)),
    ("implement", "全面创建", datetime.date(2026, 4, 1), datetime.date(2026, 8, 31)),
    ("review", "查漏补缺·迎检", datetime.date(2026, 9, 1), datetime.date(2026, 11, 30)),
]


@pytest.fixture
def plan_world(world):
    """Hospital A's 2026 campaign: three phases, a leading group and office, five live tasks over
    two aspects (one task with no item, one with co-operating departments) and an archived one;
    hospital B has a campaign of its own and an office user."""
    w = world
    w.std = f.standard(w.a, aspects=2, indicators=1, items=2)
    w.campaign = f.campaign(w.a, w.std, name="2026年创建市级文明单位", guiding_idea="以人民健康为中心。")
    c = w.campaign
    w.phases = [
        Phase.objects.create(campaign=c, kind=kind, name=name, starts_on=start, ends_on=end, order=n)
        for n, (kind, name, start, end) in enumerate(PHASES, 1)
    ]
    office_dept = f.department(w.a, "院办")
    w.director = f.person(office_dept, name="周建国")
    f.campaign_member(c, w.director, group="leading", duty="组长", order=1)
    f.campaign_member(c, w.a_p1, group="leading", duty="成员", order=2)
    f.campaign_member(c, w.a_p2, group="leading", duty="成员", order=3)
    f.campaign_member(c, f.person(office_dept, name="陈静"), group="office", duty="主任", order=1)
    items = list(w.std.items.order_by("order"))
    w.tasks = [
        f.task(c, office_dept, title="制定年度创建工作方案", code="T01", phase=w.phases[0], items=[items[0]],
               deadline=datetime.date(2026, 2, 28), description="报领导小组审定", person=w.director),
        f.task(c, w.a_med, title="开展医德医风教育", code="T02", phase=w.phases[1], items=[items[1]],
               deadline=datetime.date(2026, 6, 30)),
        f.task(c, w.a_surg, title="组织志愿服务活动", code="T03", phase=w.phases[1], items=[items[2]],
               deadline=datetime.date(2026, 7, 31), recurrence="monthly"),
        f.task(c, w.a_med, title="整理迎检台账", code="T04", phase=w.phases[2], items=[items[3]],
               deadline=datetime.date(2026, 10, 31)),
        f.task(c, office_dept, title="召开创建推进会", code="T05", phase=w.phases[2],
               deadline=datetime.date(2026, 11, 15)),
    ]  # fmt: skip
    w.tasks[1].co_departments.set([w.a_surg, office_dept])
    archived = f.task(c, w.a_med, title="已撤销的任务", code="T99", phase=w.phases[1], items=[items[0]])
    archived.archived_at = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    archived.save()
    w.b_campaign = f.campaign(w.b, f.standard(w.b, aspects=1, indicators=1, items=1), name="中医院2026年创建")
    f.phase(w.b_campaign, name="组织实施")
    w.office_b = f.user("office_b")
    f.member(w.office_b, Role.OFFICE, unit=w.b)
    return w


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n"
)
_seq = itertools.count()
LONG = "关于开展学雷锋志愿服务活动的通知" * 13 + ".pdf"  # 208 Chinese characters before .pdf


def pdf(name: str, tag: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + f"%{tag}\n%%EOF\n".encode(), content_type="application/pdf")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _accept(office, evidence):
    ev.evidence_submit(evidence=evidence, user=office)
    return ev.evidence_review(evidence=evidence, user=office, accept=True)


@pytest.fixture
def camp(world):
    g = SimpleNamespace()
    g.std = f.standard(world.bureau, applies_to=world.county_x, aspects=2, indicators=2, items=2)
    g.items = list(g.std.items.order_by("order"))
    a1, a2 = g.std.aspects.order_by("order")
    a1.title, a2.title = "组织领导", "学雷锋活动"
    a1.save()
    a2.save()
    g.aspects = [a1, a2]
    g.campaign = f.campaign(world.a, g.std)
    g.task = f.task(g.campaign, world.a_med, person=world.a_p1, items=g.items)
    office = world.office
    g.expected = {}  # sha256 -> original name, of every file the ledger must hold
    g.absent = set()  # sha256 of files it must not hold

    def make(item, names, *, accept=True):
        e = ev.evidence_create(
            task=g.task, user=office, title=f"{item.title}材料", occurred_on=date(2026, 3, 5), item=item
        )
        files = []
        for name in names:
            up = pdf(name, f"{item.pk}-{next(_seq)}")
            data = up.read()
            up.seek(0)
            files.append((ev.evidence_add_file(evidence=e, user=office, upload=up), data))
        return e, files

    # item 1: ordinary files, a duplicate name, hostile names set after the upload
    e, files = make(g.items[0], ["通知.pdf", "通知.pdf", "x.pdf", "y.pdf", "z.pdf"])
    hostile = {files[2][0].pk: "2026/03/签到表.pdf", files[3][0].pk: "../../etc/passwd.pdf", files[4][0].pk: LONG}
    for pk, name in hostile.items():
        EvidenceFile.objects.filter(pk=pk).update(original_name=name)
    _accept(office, e)
    g.expected.update({sha(d): fobj.pk for fobj, d in files})
    # item 2: returned, a file replaced, resubmitted and accepted: only the new round's file
    e, files = make(g.items[1], ["方案.pdf"])
    ev.evidence_submit(evidence=e, user=office)
    ev.evidence_review(evidence=e, user=office, accept=False, reason="缺少文号")
    # The next round starts with the returned round's file: the department removes it (replaced).
    e.refresh_from_db()
    for carried in e.files.filter(version=e.version + 1, archived_at__isnull=True):
        ev.evidence_file_archive(file=carried, user=office)
    up = pdf("方案（修改稿）.pdf", "v2")
    data = up.read()
    up.seek(0)
    v2 = ev.evidence_add_file(evidence=e, user=office, upload=up)
    ev.evidence_submit(evidence=e, user=office)
    ev.evidence_review(evidence=e, user=office, accept=True)
    g.absent.add(sha(files[0][1]))
    g.expected[sha(data)] = v2.pk
    # item 3: a file archived before submitting
    e, files = make(g.items[2], ["留存.pdf", "作废.pdf"])
    ev.evidence_file_archive(file=files[1][0], user=office)
    _accept(office, e)
    g.expected[sha(files[0][1])] = files[0][0].pk
    g.absent.add(sha(files[1][1]))
    # item 4: accepted then archived; item 5: waiting for review
    e, files = make(g.items[3], ["撤回.pdf"])
    _accept(office, e)
    ev.evidence_archive(evidence=e, user=office)
    g.absent.add(sha(files[0][1]))
    e, files = make(g.items[4], ["待审.pdf"])
    ev.evidence_submit(evidence=e, user=office)
    g.absent.add(sha(files[0][1]))
    g.campaign_c = f.campaign(world.c, g.std)
    return g
