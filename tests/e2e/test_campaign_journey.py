"""Issue 3, end to end in a real browser: the county bureau imports a standard and publishes it;
hospital A's office plans a campaign against it and gives 内科 a task; the department head, on a
phone, uploads one photo where the item asks for two; the office returns it, the head adds a
second photo and resubmits, the office accepts, and the campaign progress shows the item met."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image
from playwright.sync_api import expect

from chuangwen.campaigns.models import Campaign, Task
from chuangwen.evidence.models import Evidence, EvidenceFile, ItemCompliance
from chuangwen.standards.models import Standard

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

STANDARD_NAME = "青溪县文明单位测评体系（医疗卫生）"
ITEM_TITLE = "开展文明礼仪培训，聘请文明礼仪讲师作专题报告，全院职工受训"
TASK_TITLE = "内科文明礼仪培训及专题报告"
EVIDENCE_TITLE = "内科文明礼仪专题培训"
RETURN_REASON = "照片不足两张，请补充培训现场照片后重新提交"


def _standard_xlsx(path: Path) -> Path:
    """A standard in the layout chuangwen/standards/importers.py reads: the first item asks for
    two photos (照片≥2), the second has no rules."""
    wb = Workbook()
    ws = wb.active
    ws.title = "测评体系"
    ws.append(["方面", "指标", "项目编号", "测评内容", "分值", "测评方法", "所需材料", "台账要求/规则"])
    ws.append(
        [
            "1 思想道德建设",
            "1.1 职业道德",
            "1.1.1",
            ITEM_TITLE,
            5,
            "实地考察、材料审核",
            "培训通知、签到表、现场照片",
            "照片≥2",
        ]
    )
    ws.append([None, None, "1.1.2", "每月下发医德医风学习资料，科室组织学习并记录", 3, "材料审核", "学习记录", None])
    wb.save(path)
    return path


def _photo(path: Path, color: tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buf, "JPEG", quality=80)
    path.write_bytes(buf.getvalue())
    return path


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"campaign_journey_{name}.png"), full_page=True)


def _log_out(page) -> None:
    page.get_by_test_id("user-menu").click()
    with page.expect_navigation():
        # Django's own catalogue says 注销 and wins over ours (退出登录): accept either.
        page.get_by_role("button", name=re.compile("^(注销|退出登录)$")).click()


def _office_decides(page, base_url: str, *, accept: bool, reason: str = "") -> None:
    """The office opens the review queue, the one submitted record in it, and records a decision."""
    page.goto(f"{base_url}/")
    page.locator("#cw-sidebar").get_by_role("link", name="台账审核").click()
    row = page.get_by_test_id("review-table").locator("tbody tr").filter(has_text=EVIDENCE_TITLE)
    expect(row).to_have_count(1)
    row.get_by_role("link", name="审核").click()
    form = page.get_by_test_id("review-form")
    expect(form).to_be_visible()
    form.get_by_label("通过" if accept else "退回", exact=True).check()
    if reason:
        form.locator("textarea[name=reason]").fill(reason)
    with page.expect_navigation():
        form.get_by_test_id("review-submit").click()
    # Back to the queue, now empty.
    expect(page.get_by_test_id("review-table").locator("tbody tr").filter(has_text=EVIDENCE_TITLE)).to_have_count(0)


def _office_opens_record(page) -> None:
    """The office opens the record from the ledger (台账) list."""
    page.locator("#cw-sidebar").get_by_role("link", name=re.compile(r"(^|\s)台账$")).click()
    page.get_by_test_id("evidence-table").get_by_role("link", name=EVIDENCE_TITLE).click()


def test_standard_to_accepted_evidence(page, mobile_page, live_server, e2e_world, tmp_path):
    w = e2e_world
    url = live_server.url
    today = timezone.localdate()

    # (1) The bureau's supervisor imports the standard and publishes it.
    log_in(page, url, w.supervisor.username)
    page.locator("#cw-sidebar").get_by_role("link", name="测评体系").click()
    page.get_by_test_id("standard-import-link").click()
    page.get_by_test_id("standard-file").set_input_files(str(_standard_xlsx(tmp_path / "测评体系.xlsx")))
    page.locator("#id_name").fill(STANDARD_NAME)
    page.locator("#id_version").fill("2026")
    page.locator("#id_level").select_option("county")
    with page.expect_navigation():
        page.get_by_test_id("standard-submit").click()
    expect(page.get_by_test_id("item-count")).to_have_text("2")
    expect(page.get_by_test_id("total-points")).to_have_text("8")
    photo_item_row = page.get_by_test_id("standard-item").filter(has_text="1.1.1")
    expect(photo_item_row.get_by_test_id("rule-badge")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_test_id("standard-publish").click()
    expect(page.get_by_test_id("standard-publish")).to_have_count(0)
    _shot(page, "1_standard_published")
    standard = Standard.objects.get(name=STANDARD_NAME)
    assert standard.status == Standard.Status.PUBLISHED and standard.owner_unit == w.bureau
    item = standard.items.get(code="1.1.1")
    assert item.rules == [{"type": "min_photos", "count": 2}]
    _log_out(page)

    # (2) Hospital A's office creates a campaign against it: the three default phases are filled in.
    log_in(page, url, w.office.username)
    page.locator("#cw-sidebar").get_by_role("link", name="创建方案").click()
    page.get_by_role("link", name="新建创建周期").click()
    phase_rows = page.get_by_test_id("phase-formset").locator("tbody tr")
    expect(phase_rows).to_have_count(3)
    expect(phase_rows.first.locator("input[name$='-name']")).to_have_value(re.compile("宣传发动"))
    page.locator("#id_name").fill(f"{today.year}年创建县级文明单位")
    page.locator("#id_year").fill(str(today.year))
    page.locator("#id_target_level").select_option("county")
    page.locator("#id_starts_on").fill(f"{today.year}-01-01")
    page.locator("#id_ends_on").fill(f"{today.year}-12-31")
    page.locator("#id_standard").select_option(label=str(standard))
    page.locator("#id_status").select_option("active")  # 进行中: the progress menu opens it
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("phase-timeline").locator("li")).to_have_count(3)
    _shot(page, "2_campaign_created")
    campaign = Campaign.objects.get(unit=w.a, standard=standard)
    assert campaign.phases.count() == 3

    # (3) …and gives 内科 a task linked to the photo item, with a deadline.
    page.get_by_role("link", name="新建任务").click()
    deadline = today + timedelta(days=7)
    page.locator("#id_title").fill(TASK_TITLE)
    page.get_by_label(re.compile(r"^1\.1\.1 ")).check()  # the searchable checkbox list
    page.locator("#id_department").select_option(label="内科")
    page.locator("#id_deadline").fill(deadline.isoformat())
    page.locator("#id_deliverable").fill("培训通知、签到表、现场照片")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("task-items")).to_contain_text("1.1.1")
    expect(page.get_by_test_id("task-facts")).to_contain_text(deadline.isoformat())
    task = Task.objects.get(campaign=campaign, title=TASK_TITLE)
    assert task.department == w.a_med and list(task.items.all()) == [item]

    # (4) The department head, on a phone, opens 我的任务, the task, and uploads ONE photo.
    phone = mobile_page
    log_in(phone, url, w.head.username)
    phone.get_by_role("button", name="菜单").tap()
    phone.locator("#cw-sidebar").get_by_role("link", name="我的任务").tap()
    card = phone.get_by_test_id("task-card").filter(has_text=TASK_TITLE)
    expect(card).to_have_count(1)
    _shot(phone, "4_my_tasks_phone")
    card.tap()
    phone.get_by_test_id("add-evidence").tap()
    phone.get_by_label("标题").fill(EVIDENCE_TITLE)
    phone.get_by_label("日期").fill(today.isoformat())
    phone.locator("input[name=files]").set_input_files(str(_photo(tmp_path / "培训现场1.jpg", (200, 40, 40))))
    with phone.expect_navigation():
        phone.get_by_test_id("submit-evidence").tap()
    expect(phone.get_by_test_id("files").get_by_test_id("file-link")).to_have_count(1)

    # (5) The rule shows unmet on the record; the office returns it with a reason.
    rules = phone.get_by_test_id("rules")
    expect(rules.locator("li[data-met='0']")).to_contain_text("照片不足")
    _shot(phone, "5_submitted_one_photo")
    evidence = Evidence.objects.get(task=task)
    assert evidence.status == Evidence.Status.SUBMITTED and evidence.version == 1

    _office_decides(page, url, accept=False, reason=RETURN_REASON)
    _office_opens_record(page)
    expect(page.get_by_test_id("timeline")).to_contain_text(RETURN_REASON)
    _shot(page, "5_returned")
    evidence.refresh_from_db()
    assert evidence.status == Evidence.Status.RETURNED

    # (6) The head sees the reason on the phone, adds a second photo and resubmits.
    phone.reload()
    expect(phone.get_by_text(RETURN_REASON).first).to_be_visible()
    phone.get_by_role("link", name="编辑").tap()
    phone.locator("input[name=files]").set_input_files(str(_photo(tmp_path / "培训现场2.jpg", (40, 120, 200))))
    with phone.expect_navigation():
        phone.get_by_test_id("submit-evidence").tap()
    expect(phone.get_by_test_id("rules").locator("li[data-met='0']")).to_have_count(0)
    _shot(phone, "6_resubmitted")
    evidence.refresh_from_db()
    assert evidence.status == Evidence.Status.SUBMITTED and evidence.version == 2

    # (7) The office accepts: the item is met, the progress page shows it, both rounds' files stay
    # (round 2 holds round 1's photo, carried over, and the new one: three links).
    _office_decides(page, url, accept=True)
    _office_opens_record(page)
    files = page.get_by_test_id("files")
    expect(files.get_by_test_id("file-link")).to_have_count(3)
    expect(files).to_contain_text("培训现场1.jpg")
    expect(files).to_contain_text("培训现场2.jpg")
    expect(files).to_contain_text("第1轮")
    expect(files).to_contain_text("第2轮")
    _shot(page, "7_accepted")
    evidence.refresh_from_db()
    assert evidence.status == Evidence.Status.ACCEPTED
    assert sorted(EvidenceFile.objects.filter(evidence=evidence).values_list("version", flat=True)) == [1, 2, 2]
    compliance = ItemCompliance.objects.get(campaign=campaign, item=item)
    assert compliance.status == ItemCompliance.Status.MET

    page.locator("#cw-sidebar").get_by_role("link", name="创建进度").click()
    expect(page).to_have_url(re.compile(rf"/progress/{campaign.pk}/$"))
    item_row = page.get_by_test_id("item-row").filter(has_text="1.1.1")
    expect(item_row).to_have_attribute("data-state", "met")
    expect(item_row).to_contain_text("达标")
    expect(page.get_by_test_id("items-met")).to_have_text(re.compile(r"^\s*1\s*/\s*2\s*$"))
    score = page.get_by_test_id("overall-percent").inner_text()
    assert float(score.rstrip("%")) > 0, score
    # ECharts drew the per-aspect chart (let its animation finish before the screenshot).
    expect(page.get_by_test_id("aspect-chart").locator("canvas, svg").first).to_be_visible()
    page.wait_for_timeout(1200)
    _shot(page, "7_progress")

    task.refresh_from_db()
    assert task.status == Task.Status.ACCEPTED
