"""工作方案: generated from the campaign, its phases and tasks equal the campaign's (acceptance 3,
the plan half); the office's texts are kept with history and printed; the page's query count
is fixed; scope and audit."""

import io

import docx
import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.campaigns.exports import export_tasks
from chuangwen.reports import plan, services
from chuangwen.reports.models import GeneratedDocument, PlanText

from .conftest import TODAY


def read(document: GeneratedDocument) -> docx.document.Document:
    with document.docx.open("rb") as fh:
        return docx.Document(io.BytesIO(fh.read()))


def texts(d) -> list[str]:
    return [p.text for p in d.paragraphs]


def between(paragraphs: list[str], start: str, end: str) -> list[str]:
    i, j = paragraphs.index(start), paragraphs.index(end)
    return [p for p in paragraphs[i + 1 : j] if p]


def test_the_plans_phases_and_tasks_equal_the_campaigns(plan_world):
    w = plan_world
    document = services.plan_generate(user=w.office, campaign=w.campaign, today=TODAY)
    d = read(document)
    paragraphs = texts(d)
    assert paragraphs[0] == "青溪县人民医院"  # the default letterhead
    assert "青溪县人民医院2026年创建市级文明单位工作方案" in paragraphs

    # 四、实施步骤: every phase, in order, with its dates and its live tasks.
    steps = between(paragraphs, "四、实施步骤", "五、主要任务")
    headings = [s for s in steps if s.startswith("（")]
    phases = list(w.campaign.phases.order_by("order"))
    assert headings == [plan.phase_heading(n, p) for n, p in enumerate(phases, 1)]
    assert headings[0] == "（一）宣传发动（2026年2月1日至2026年3月31日）"
    assert "本阶段主要任务：开展医德医风教育；组织志愿服务活动。" in steps

    # 五、主要任务: every live task once, under its aspect, with departments and deadline.
    main = between(paragraphs, "五、主要任务", "六、保障措施")
    assert [m for m in main if m.startswith("（")] == ["（一）方面1", "（二）方面2", "（三）其他工作"]
    lines = [m for m in main if not m.startswith("（")]
    live = list(export_tasks(w.campaign))
    assert len(lines) == len(live) == 5
    for task in live:
        assert sum(task.title in line for line in lines) == 1
    assert "已撤销的任务" not in "".join(paragraphs)
    assert "2. 开展医德医风教育。（牵头科室：内科；配合科室：外科、院办；完成时限：2026年6月30日）" in lines
    assert (
        "1. 制定年度创建工作方案。报领导小组审定。（牵头科室：院办；责任人：周建国；完成时限：2026年2月28日）" in lines
    )

    # 组织领导: the leading group by duty, then the office.
    assert "组长：周建国（院办）" in paragraphs
    assert "成员：李娜（内科）、王强（外科）" in paragraphs
    assert "主任：陈静（院办）" in paragraphs

    # The annex: the 责任分解表, one row per live task, in the table's order.
    table = d.tables[-1]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == plan.ANNEX_HEADERS
    assert [(r[1], r[2], r[3], r[4], r[7]) for r in rows[1:]] == [
        (t.code, t.phase.name, t.title, t.department.name, t.deadline.isoformat()) for t in live
    ]
    assert "青溪县人民医院2026年创建市级文明单位责任分解表" in paragraphs


def test_the_offices_texts_are_kept_with_history_and_printed(plan_world, login):
    w = plan_world
    client = login(w.office)
    url = reverse("reports:campaign_plan", args=[w.campaign.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "以人民健康为中心。" in page.content.decode()  # the campaign's guiding idea to start from
    body = {
        "opening": "根据市文明委部署，结合我院实际，制定本方案。",
        "guiding_idea": "坚持以人民健康为中心。\n\n弘扬崇高职业精神。",
        "goals": "力争2026年成功创建市级文明单位。",
        "safeguards": "",
    }
    assert client.post(url, body).status_code == 302
    body["goals"] = "力争2026年通过市级文明单位测评验收。"
    assert client.post(url, {**body, "generate": "1"}).status_code == 302
    text = PlanText.objects.get(campaign=w.campaign)
    assert [h.goals for h in text.history.order_by("history_date")] == [
        "力争2026年成功创建市级文明单位。",
        "力争2026年通过市级文明单位测评验收。",
    ]
    assert text.history.first().history_user == w.office
    paragraphs = texts(read(GeneratedDocument.objects.get()))
    assert between(paragraphs, "一、指导思想", "二、工作目标") == ["坚持以人民健康为中心。", "弘扬崇高职业精神。"]
    assert between(paragraphs, "二、工作目标", "三、组织领导") == ["力争2026年通过市级文明单位测评验收。"]
    assert "根据市文明委部署，结合我院实际，制定本方案。" in paragraphs
    assert plan.DEFAULT_SAFEGUARDS[0] in paragraphs  # empty: the usual safeguards


def test_the_plan_page_answers_in_a_fixed_number_of_queries(plan_world, login, django_assert_num_queries):
    w = plan_world
    for _ in range(3):
        services.plan_generate(user=w.office, campaign=w.campaign)
    client = login(w.office)
    url = reverse("reports:campaign_plan", args=[w.campaign.pk])
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_who_may_see_generate_and_download_the_plan(plan_world, login, client):
    w = plan_world
    document = services.plan_generate(user=w.office, campaign=w.campaign)
    url = reverse("reports:campaign_plan", args=[w.campaign.pk])
    docx_url = reverse("reports:document_docx", args=[document.pk])
    # Another hospital's office: the campaign, the document and its file are not found.
    login(w.office_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"goals": "x"}).status_code == 404
    assert client.get(docx_url).status_code == 404
    assert client.get(reverse("reports:document_pdf", args=[document.pk])).status_code == 404
    # A department head of A reads the plan and downloads it, but may not change it.
    login(w.head)
    assert client.get(url).status_code == 200
    assert client.post(url, {"goals": "x", "generate": "1"}).status_code == 403
    assert not PlanText.objects.exists() and GeneratedDocument.objects.count() == 1
    r = client.get(docx_url)
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
    assert docx.Document(io.BytesIO(b"".join(r.streaming_content))).paragraphs[0].text == "青溪县人民医院"
    event = AuditEvent.objects.get(action="download")
    assert event.actor == w.head and event.detail["kind"] == "document_plan" and event.unit_id == w.a.pk


def test_the_pdf_of_a_plan_that_is_not_ready_is_not_found(plan_world, login):
    w = plan_world
    document = services.plan_generate(user=w.office, campaign=w.campaign)
    assert document.pdf_status == GeneratedDocument.PdfStatus.QUEUED
    client = login(w.office)
    assert client.get(reverse("reports:document_pdf", args=[document.pk])).status_code == 404


def test_staff_cannot_generate(plan_world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.plan_generate(user=plan_world.staff, campaign=plan_world.campaign)
    with pytest.raises(PermissionDenied):
        services.plan_generate(user=plan_world.office_b, campaign=plan_world.campaign)
