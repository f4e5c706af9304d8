"""Issue 16, acceptance 6, as one journey: the office chooses the aspects and builds the ledger,
watches the job's progress on the page (polled), downloads the .zip, drafts the indicator
reports and edits one with the live character count, then changes the wording of the year-end
summary and regenerates it (the job's progress polled, the new .docx downloaded with the new
wording and the figures); the pages fit a phone."""

import io
import zipfile
from datetime import date
from types import SimpleNamespace

import docx
import pytest
from playwright.sync_api import expect

from chuangwen.evidence import services as ev
from chuangwen.reports import services, tasks
from chuangwen.reports.ledger import ledger_build_run
from chuangwen.reports.models import IndicatorReport, LedgerBuild
from tests import factories as f
from tests.reports.conftest import pdf

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def test_office_builds_watches_downloads_and_edits_a_report(page, mobile_page, live_server, e2e_world, monkeypatch):
    w, base = e2e_world, live_server.url
    std = f.standard(w.bureau, applies_to=w.county_x, aspects=2, indicators=1, items=2)
    camp = f.campaign(w.a, std)
    items = list(std.items.order_by("order"))
    task = f.task(camp, w.a_med, items=items)
    for k, item in enumerate(items):
        e = ev.evidence_create(
            task=task, user=w.office, title=f"学雷锋活动记录{k}", occurred_on=date(2026, 3, 5), item=item
        )
        ev.evidence_add_file(evidence=e, user=w.office, upload=pdf(f"活动记录{k}.pdf", str(k)))
        ev.evidence_submit(evidence=e, user=w.office)
        ev.evidence_review(evidence=e, user=w.office, accept=True)
    # The job is queued, not run, so the page shows it waiting; the test plays the worker.
    queued = []
    monkeypatch.setattr(tasks, "build_ledger", SimpleNamespace(enqueue=lambda **kw: queued.append(kw["build_id"])))

    log_in(page, base, w.office.username)
    page.goto(f"{base}/reports/")
    page.get_by_test_id("ledger-link").first.click()
    page.get_by_label("01 方面1").check()
    page.get_by_label("02 方面2").check()
    page.get_by_test_id("ledger-build-start").click()
    panel = page.get_by_test_id("ledger-build")
    expect(panel).to_have_attribute("data-status", "queued")
    expect(page.get_by_test_id("ledger-progress")).to_contain_text("已写入")
    assert len(queued) == 1
    ledger_build_run(build_id=queued[0])
    expect(panel).to_have_attribute("data-status", "done", timeout=15_000)  # the page polls every 2 s
    with page.expect_download() as info:
        page.get_by_test_id("ledger-download").click()
    download = info.value
    assert download.suggested_filename.endswith("迎检台账.zip")
    z = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    assert z.testzip() is None
    assert sum(n.endswith(".pdf") for n in z.namelist()) == 4
    assert LedgerBuild.objects.get(pk=queued[0]).status == "done"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ledger_page_desktop.png"), full_page=True)

    # The indicator reports: draft them, then rewrite one with the live count.
    page.goto(f"{base}/reports/campaigns/{camp.pk}/indicator-reports/")
    page.get_by_test_id("reports-draft").click()
    expect(page.get_by_test_id("report-row")).to_have_count(2)
    page.get_by_test_id("report-edit").first.click()
    area = page.get_by_label("报告")
    area.fill("字" * 501)
    expect(page.get_by_test_id("report-count")).to_have_text("501 / 500")
    expect(page.get_by_test_id("report-save")).to_be_disabled()
    area.fill("全年开展学雷锋志愿服务活动12次，参与职工356人次。")
    expect(page.get_by_test_id("report-count")).to_have_text("27 / 500")
    page.get_by_test_id("report-save").click()
    expect(page.locator(".alert-success")).to_contain_text("说明报告已保存")
    report = IndicatorReport.objects.filter(campaign=camp, drafted=False).get()
    assert report.text.startswith("全年开展") and report.history.count() == 2

    # The year-end summary: change a part's wording, regenerate, watch the job, download it.
    summaries = []
    monkeypatch.setattr(tasks, "build_summary", SimpleNamespace(enqueue=lambda **kw: summaries.append(kw)))
    monkeypatch.setattr(tasks, "document_pdf", SimpleNamespace(enqueue=lambda **kw: None))
    page.goto(f"{base}/campaigns/plans/{camp.pk}/")
    page.get_by_test_id("summary-link").click()
    expect(page.locator("[data-part=tasks] [data-testid=summary-figures]")).to_contain_text("测评项目")
    page.locator("[data-part=tasks] textarea").fill("对照测评体系逐条梳理、逐项自查，任务分解到科室、落实到人。")
    page.get_by_test_id("summary-generate").click()
    expect(page.locator(".alert-success")).to_contain_text("正在根据本年度数据生成工作总结")
    document = page.get_by_test_id("document").first
    expect(document).to_have_attribute("data-status", "queued")
    expect(page.get_by_test_id("document-progress")).to_be_visible()
    assert len(summaries) == 1
    services.summary_build_run(document_id=summaries[0]["document_id"])
    expect(document).to_have_attribute("data-status", "done", timeout=15_000)  # polled every 2 s
    with page.expect_download() as info:
        page.get_by_test_id("document-docx").first.click()
    assert info.value.suggested_filename.endswith("工作总结.docx")
    texts = [p.text for p in docx.Document(info.value.path()).paragraphs]
    assert "对照测评体系逐条梳理、逐项自查，任务分解到科室、落实到人。" in texts
    assert any(t.startswith("全年1项创建任务中") for t in texts), texts
    page.screenshot(path=str(ARTIFACTS / "summary_page_desktop.png"), full_page=True)

    # The ledger page on a phone: no sideways scrolling.
    log_in(mobile_page, base, w.office.username)
    mobile_page.goto(f"{base}/reports/campaigns/{camp.pk}/ledger/")
    expect(mobile_page.get_by_test_id("ledger-download").first).to_be_visible()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390
    mobile_page.screenshot(path=str(ARTIFACTS / "ledger_page_phone.png"), full_page=True)
    mobile_page.goto(f"{base}/reports/campaigns/{camp.pk}/summary/")
    expect(mobile_page.get_by_test_id("document-docx").first).to_be_visible()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 390
    mobile_page.screenshot(path=str(ARTIFACTS / "summary_page_phone.png"), full_page=True)
