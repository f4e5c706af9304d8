"""The reports demo step, and acceptance 1 on the demo campaign itself: the people's hospital's
whole ledger unzipped — folders in the standard's order, every accepted evidence file of the
current round once (by hash), no archived or returned one, the index equal to the progress page."""

import hashlib
import io
import zipfile
from collections import Counter

import openpyxl
from django.urls import reverse

from chuangwen.core.management.commands import load_demo
from chuangwen.dashboard import progress
from chuangwen.evidence.models import EvidenceFile
from chuangwen.reports import services
from chuangwen.reports.models import IndicatorReport, LedgerBuild
from chuangwen.reports.names import safe_component
from chuangwen.standards.selectors import standard_tree

STEPS = [
    "chuangwen.org.demo",
    "chuangwen.standards.demo",
    "chuangwen.campaigns.demo",
    "chuangwen.evidence.demo",
    "chuangwen.scoring.demo.items",
    "chuangwen.reports.demo",
]


def test_demo_reports_and_the_demo_campaigns_ledger(db, monkeypatch, django_capture_on_commit_callbacks, client):
    monkeypatch.setattr(load_demo, "DEMO_STEPS", STEPS)
    with django_capture_on_commit_callbacks(execute=True):
        ctx = load_demo.load()
    rmyy = ctx.extra["campaigns"]["rmyy"]
    office = ctx.users["chuangban"]
    reports = IndicatorReport.objects.filter(campaign=rmyy)
    indicators = sum(len(a.indicators) for a in standard_tree(rmyy.standard).aspects)
    assert reports.count() == indicators > 5
    assert all(len(r.text) <= 500 for r in reports)
    assert reports.filter(drafted=False).count() == 2
    edited = reports.filter(drafted=False).first()
    assert edited.history.count() == 2
    demo_build = LedgerBuild.objects.get(campaign=ctx.extra["campaigns"]["zyy"])
    assert demo_build.status == LedgerBuild.Status.DONE and demo_build.files_total > 0

    with django_capture_on_commit_callbacks(execute=True):
        build, _ = services.ledger_build_start(user=office, campaign=rmyy)
    build.refresh_from_db()
    assert build.status == LedgerBuild.Status.DONE, build.error
    with build.file.open("rb") as fh:
        z = zipfile.ZipFile(io.BytesIO(fh.read()))
    names = z.namelist()
    # folders in the standard's order (aspects, visible indicators, items)
    tree = standard_tree(rmyy.standard)
    expected_titles = []
    for a in tree.aspects:
        expected_titles.append(a.aspect.title)
        for i in a.indicators:
            if not i.indicator.implicit:
                expected_titles.append(i.indicator.title)
            expected_titles.extend(it.title for it in i.items)
            for s in i.sections:
                expected_titles.append(s.section.title)
                expected_titles.extend(it.title for it in s.items)
    folders = [n.rstrip("/").rsplit("/", 1)[-1].split(" ", 1)[1] for n in names if n.endswith("/")]
    assert [t[:60] for t in folders] == [safe_component(t)[:60] for t in expected_titles]
    # every current accepted file once (the demo's files share a few contents: compared as a
    # multiset of hashes, and per item folder by count); never an archived or returned one
    current = EvidenceFile.objects.filter(
        evidence__campaign=rmyy, evidence__status="accepted", evidence__archived_at__isnull=True,
        archived_at__isnull=True, evidence__item__isnull=False,
    ).select_related("evidence__item")  # fmt: skip
    current = [f for f in current if f.version == f.evidence.version]
    expected = Counter()
    per_item = Counter()
    for f in current:
        with f.file.open("rb") as fh:
            expected[hashlib.sha256(fh.read()).hexdigest()] += 1
        per_item[safe_component(f.evidence.item.title)[:60]] += 1
    doc_names = ("得分说明.txt", "说明报告.docx", "00 目录索引.xlsx", "00 封面及说明.docx")
    evidence_entries = [n for n in names if not n.endswith("/") and not n.endswith(doc_names)]
    found = Counter(hashlib.sha256(z.read(n)).hexdigest() for n in evidence_entries)
    assert found == expected and sum(found.values()) == build.files_total > 20
    in_folders = Counter(n.rsplit("/", 2)[-2].split(" ", 1)[1][:60] for n in evidence_entries)
    assert in_folders == per_item
    assert EvidenceFile.objects.filter(evidence__campaign=rmyy).count() > len(current)  # some left out
    # the index equals the progress page
    client.force_login(office)
    page = client.get(reverse("dashboard:campaign_progress", args=[rmyy.pk]))
    items = [it for a in page.context["p"].aspects for i in a.indicators for it in i.items]
    ws = openpyxl.load_workbook(io.BytesIO(z.read("00 目录索引.xlsx")), read_only=True)["目录索引"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(items) == len(list(progress.scored_items(rmyy)))
    for row, it in zip(rows, items, strict=True):
        assert (row[2], row[4], row[5], row[8]) == (it.code, float(it.points), float(it.score), it.state_label)
