"""Acceptance 1: the ledger of a demo-like campaign, unzipped and checked against the standard,
the evidence and the progress page."""

import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from chuangwen.reports import linked, services
from chuangwen.reports.models import LedgerBuild
from chuangwen.reports.names import Folder, safe_component

from .conftest import LONG


def build(user, campaign, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        b, created = services.ledger_build_start(user=user, campaign=campaign, **kw)
    b.refresh_from_db()
    return b, created


def unzip(b) -> zipfile.ZipFile:
    with b.file.open("rb") as fh:
        return zipfile.ZipFile(io.BytesIO(fh.read()))


@pytest.fixture
def built(world, camp, django_capture_on_commit_callbacks):
    services.reports_draft(user=world.office, campaign=camp.campaign)
    b, _ = build(world.office, camp.campaign, django_capture_on_commit_callbacks)
    assert b.status == LedgerBuild.Status.DONE, b.error
    return b


def test_folders_follow_the_standard(camp, built):
    z = unzip(built)
    names = z.namelist()
    assert names[:2] == ["00 封面及说明.docx", "00 目录索引.xlsx"]
    folders = [n.rstrip("/") for n in names if n.endswith("/")]
    expected = []
    for ai, a in enumerate(camp.std.aspects.order_by("order"), start=1):
        ap = f"{ai:02d} {a.title}"
        expected.append(ap)
        for ii, ind in enumerate(a.indicators.order_by("order"), start=1):
            ip = f"{ap}/{ai:02d}.{ii:02d} {ind.title}"
            expected.append(ip)
            for ki, it in enumerate(ind.items.order_by("order"), start=1):
                expected.append(f"{ip}/{ai:02d}.{ii:02d}.{ki:02d} {it.title}")
    assert folders == expected
    assert folders[0] == "01 组织领导" and "02 学雷锋活动" in folders
    # every indicator folder has its report, every item folder its score explanation
    assert sum(n.endswith("/说明报告.docx") for n in names) == 4
    assert sum(n.endswith("/得分说明.txt") for n in names) == 8


def test_every_accepted_file_once_and_nothing_else(camp, built):
    z = unzip(built)
    found = {}
    for info in z.infolist():
        if info.filename.endswith(".pdf"):
            digest = hashlib.sha256(z.read(info)).hexdigest()
            assert digest not in found, f"{info.filename} twice"
            found[digest] = info.filename
    assert set(found) == set(camp.expected)
    assert not set(found) & camp.absent
    assert built.files_total == built.files_done == len(camp.expected)
    assert z.testzip() is None


def test_hostile_names_made_safe(camp, built):
    names = unzip(built).namelist()
    item1 = [n.rsplit("/", 1)[1] for n in names if "/01.01.01 " in n and n.endswith(".pdf")]
    assert sorted(item1) == sorted(
        ["通知.pdf", "通知 (2).pdf", "2026_03_签到表.pdf", "_._etc_passwd.pdf", LONG[:196] + ".pdf"]
    )
    for n in names:
        assert ".." not in n and "\\" not in n and not n.startswith("/")
        assert all(len(part) <= 200 for part in n.split("/"))


def test_safe_names():
    assert safe_component("a/b\\c.pdf") == "a_b_c.pdf"
    assert safe_component("..") == "未命名"
    assert safe_component("../x.PDF") == "_x.pdf"
    assert safe_component("con.txt") == "_con.txt"
    assert safe_component("报\x00告\u202e.docx") == "报_告_.docx"
    long = safe_component("字" * 300 + ".docx")
    assert len(long) == 200 and long.endswith(".docx")
    folder = Folder()
    assert [folder.take(n) for n in ("A.pdf", "a.pdf", "a.pdf")] == ["A.pdf", "a (2).pdf", "a (3).pdf"]


def test_index_equals_the_progress_page(world, camp, built, login):
    z = unzip(built)
    ws = openpyxl.load_workbook(io.BytesIO(z.read("00 目录索引.xlsx")), read_only=True)["目录索引"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    page = login(world.office).get(reverse("dashboard:campaign_progress", args=[camp.campaign.pk]))
    items = [it for a in page.context["p"].aspects for i in a.indicators for it in i.items]
    assert len(rows) == len(items) == 8
    files = {}
    for n in z.namelist():
        if n.endswith(".pdf"):
            files[n.rsplit("/", 1)[0]] = files.get(n.rsplit("/", 1)[0], 0) + 1
    for row, it in zip(rows, items, strict=True):
        assert row[2] == it.code and row[3] == it.title
        assert row[4] == float(it.points) and row[5] == float(it.score)
        assert row[8] == it.state_label
        assert (row[9] or "") == "；".join(it.unmet_reasons)
        assert row[7] == files.get(row[10], 0)
    reports = list(
        openpyxl.load_workbook(io.BytesIO(z.read("00 目录索引.xlsx")), read_only=True)["说明报告"].iter_rows(
            min_row=3, values_only=True
        )
    )
    assert len(reports) == 4 and all(r[3] in z.namelist() for r in reports)


def test_chosen_aspects_only(world, camp, django_capture_on_commit_callbacks):
    b, _ = build(world.office, camp.campaign, django_capture_on_commit_callbacks, aspects=[camp.aspects[1].pk])
    folders = [n for n in unzip(b).namelist() if n.endswith("/")]
    assert folders[0] == "01 学雷锋活动/" and not any("组织领导" in n for n in folders)


def test_stored_once_and_rebuilt_when_evidence_changes(world, camp, built, django_capture_on_commit_callbacks):
    again, created = build(world.office, camp.campaign, django_capture_on_commit_callbacks)
    assert again.pk == built.pk and not created
    forced, created = build(world.office, camp.campaign, django_capture_on_commit_callbacks, rebuild=True)
    assert created and forced.pk != built.pk
    assert services.is_current(forced)
    from chuangwen.evidence import services as ev

    e = ev.evidence_create(
        task=camp.task, user=world.office, title="新增材料", occurred_on=camp.campaign.starts_on, item=camp.items[5]
    )
    assert not services.is_current(forced)
    del e
    newer, created = build(world.office, camp.campaign, django_capture_on_commit_callbacks)
    assert created and newer.pk not in (built.pk, forced.pk)


def test_linked_records_registry(world, camp, django_capture_on_commit_callbacks, tmp_path):
    on_disk = tmp_path / "meeting.pdf"
    on_disk.write_bytes(b"%PDF-1.4 meeting")
    calls = []

    def provider(campaign, item):
        calls.append(item.pk)
        if item.pk == camp.items[0].pk:
            yield "三月/活动记录.pdf", b"%PDF-1.4 activity"
            yield "三月/活动记录.pdf", on_disk

    linked.register(provider)
    try:
        b, _ = build(world.office, camp.campaign, django_capture_on_commit_callbacks)
    finally:
        linked.unregister(provider)
    z = unzip(b)
    got = {n.rsplit("/", 1)[1]: z.read(n) for n in z.namelist() if "/关联记录/" in n}
    assert got == {"三月_活动记录.pdf": b"%PDF-1.4 activity", "三月_活动记录 (2).pdf": b"%PDF-1.4 meeting"}
    assert len(calls) == 8
    assert provider not in linked.providers()


def test_a_failing_build_is_marked_failed(world, camp, django_capture_on_commit_callbacks):
    def broken(campaign, item):
        raise RuntimeError("boom")

    linked.register(broken)
    try:
        b, _ = build(world.office, camp.campaign, django_capture_on_commit_callbacks)
    finally:
        linked.unregister(broken)
    assert b.status == LedgerBuild.Status.FAILED and "boom" in b.error and not b.file
