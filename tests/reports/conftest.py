"""A demo-like campaign of hospital A for the ledger tests: two aspects × two indicators × two
items, evidence through the evidence services (accepted, returned and resubmitted, archived,
still waiting), files with hostile names, an item score, indicator reports."""

import hashlib
import itertools
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chuangwen.evidence import services as ev
from chuangwen.evidence.models import EvidenceFile
from tests import factories as f

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
