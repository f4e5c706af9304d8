"""The demo's part of the generated documents: every campaign's plan texts after seed 000, the
people's hospital's own template with its letterhead, and its plan generated from it; its
year-end summary's wording after seed 004 and the summary generated once."""

import random

from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.reports import demo
from chuangwen.reports.models import DocumentTemplate, GeneratedDocument, PlanText

from .test_plan import read


def test_the_demo_writes_plan_texts_and_the_peoples_hospitals_template(plan_world):
    w = plan_world
    ctx = DemoContext(rng=random.Random(1))
    ctx.extra["campaigns"] = {"rmyy": w.campaign, "zyy": w.b_campaign}
    ctx.users = {"chuangban": w.office, "zyy_chuangban": w.office_b}
    demo.load(ctx)
    assert PlanText.objects.count() == 2
    text = PlanText.objects.get(campaign=w.campaign)
    assert "力争2026年成功创建市级文明单位" in text.goals and "{" not in text.opening
    template = DocumentTemplate.objects.get()
    assert (template.unit, template.kind, template.version) == (w.a, "plan", 1)
    document = GeneratedDocument.objects.get(kind="plan")
    paragraphs = [p.text for p in read(document).paragraphs]
    assert paragraphs[:2] == ["青溪县人民医院文件", "县人民医院发〔2026〕3号"]
    assert (
        "创建工作要做到机构健全、制度完善、任务明确、责任落实、措施有力，稳步推进，力争2026年成功创建市级文明单位。"
        in paragraphs
    )

    # The year-end summary: the office's wording after seed 004, generated once by its job.
    summary = GeneratedDocument.objects.get(kind="summary")
    assert summary.status == "done" and summary.campaign == w.campaign
    texts = [p.text for p in read(summary).paragraphs]
    assert any(t.startswith("经院长办公会议研究，成立了以院长、党委书记为双组长的创建工作领导小组") for t in texts)
    assert "四、倾听群众呼声，提升服务满意度" in texts
