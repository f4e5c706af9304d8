"""Demo data of the inspection materials (迎检材料) for ``make demo``.

The ledger and indicator reports: every demo campaign's indicator reports drafted from its data,
two of the people's hospital's rewritten by its office (so their history shows an edit), and one
small ledger built (one aspect of the 中医院's campaign, so ``make demo`` stays fast).

Document templates and generated documents: every demo campaign gets the plan texts of
``demo.yaml`` (after seed 000) written by its campaign office; the people's hospital uploads its
own plan template (its 红头 and 文号) and generates its plan once, so the 工作方案 and 文档模板
pages show a real year; it writes the wording of its year-end summary (工作总结, after seed 004)
and generates it once. Uses ``ctx.extra["campaigns"]`` (campaigns demo) and the offices' users
(org demo)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from chuangwen.campaigns.responsibility_table import LEVEL_LABELS

from . import documents, plan, services
from .ledger import ledger_build_run
from .models import IndicatorReport, LedgerBuild
from .selectors import fingerprint

DATA = yaml.safe_load((Path(__file__).with_name("demo.yaml")).read_text(encoding="utf-8"))
OFFICES = {"rmyy": "chuangban", "zyy": "zyy_chuangban", "wsy": "wsy_chuangban"}

EDITS = [
    "我院成立以院长、党委书记为双组长的创建工作领导小组，下设创建办公室，配备专职干事2名；年初印发《2026年创建市级"
    "文明单位工作方案》，将创建任务分解到28个科室、落实到人，每季度召开一次创建工作推进会，院长办公会专题研究创建"
    "工作4次，形成了“主要领导亲自抓、分管领导具体抓、科室主任直接抓”的工作格局。",
    "坚持把社会主义核心价值观融入医院管理和医疗服务全过程，门诊大厅、住院部电梯间设置核心价值观公益广告12处，"
    "院内宣传栏每月更新；全年开展“最美医务工作者”评选1次、道德讲堂4期，选树身边好人好事典型8个，"
    "并在院微信公众号专栏宣传。",
]


def load(ctx) -> None:
    _ledger(ctx)
    _documents(ctx)
    _summary(ctx)


def _summary(ctx) -> None:
    """The people's hospital's office writes its summary's wording and generates it once (the
    job run here, its PDF left to the worker)."""
    spec = DATA["summary"]
    campaign = ctx.extra.get("campaigns", {}).get(spec["unit"])
    user = ctx.users.get(OFFICES[spec["unit"]])
    if campaign is None or user is None:
        return
    services.summary_text_save(user=user, campaign=campaign, **spec["texts"])
    document = services.summary_generate(user=user, campaign=campaign)
    services.summary_build_run(document_id=document.pk)


def _documents(ctx) -> None:
    campaigns = ctx.extra.get("campaigns", {})
    for key, campaign in campaigns.items():
        user = ctx.users.get(OFFICES.get(key, ""))
        if user is None:
            continue
        values = {"unit": campaign.unit.name, "year": campaign.year, "level": LEVEL_LABELS[campaign.target_level]}
        texts = {name: text.format(**values) for name, text in DATA["plan"].items()}
        services.plan_text_save(user=user, campaign=campaign, **texts)
    spec = DATA["template"]
    campaign, user = campaigns.get(spec["unit"]), ctx.users.get(OFFICES[spec["unit"]])
    if campaign is None or user is None:
        return
    content = letterhead_template(spec["letterhead"], spec["doc_no"].format(year=campaign.year))
    upload = SimpleUploadedFile("县人民医院工作方案模板.docx", content, content_type=documents.DOCX_TYPE)
    documents.template_upload(user=user, unit=campaign.unit, kind=documents.kind_get(plan.KIND), upload=upload)
    services.plan_generate(user=user, campaign=campaign)


def letterhead_template(letterhead: str, doc_no: str) -> bytes:
    """The default plan template with a hospital's own 红头 and a 文号 line under it, as an
    office would make it in Word."""
    d = docx.Document(io.BytesIO(plan.default_template()))
    head = d.paragraphs[0]
    for run in head.runs[1:]:
        run.text = ""
    head.runs[0].text = letterhead
    number = d.paragraphs[1]
    number.text = doc_no
    number.alignment = 1  # centred
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _ledger(ctx) -> None:
    campaigns = ctx.extra.get("campaigns") or {}
    office = ctx.users.get("chuangban")
    for key, campaign in campaigns.items():
        user = ctx.users.get("chuangban" if key == "rmyy" else f"{key}_chuangban") or office
        if user is None:
            continue
        services.reports_draft(user=user, campaign=campaign)
    rmyy = campaigns.get("rmyy")
    if rmyy is not None and office is not None:
        reports = IndicatorReport.objects.filter(campaign=rmyy).select_related("indicator", "campaign")
        first_two = reports.order_by("indicator__aspect__order", "indicator__order")[:2]
        for report, text in zip(first_two, EDITS, strict=False):
            services.report_edit(user=office, report=report, text=text)
    small = campaigns.get("zyy")
    user = ctx.users.get("zyy_chuangban")
    if small is not None and user is not None:
        first = small.standard.aspects.order_by("order", "id").first()
        aspects = [first.pk] if first else []
        build = LedgerBuild.objects.create(
            campaign=small, unit=small.unit, requested_by=user, aspects=aspects, fingerprint=fingerprint(small, aspects)
        )
        ledger_build_run(build_id=build.pk)
        if ctx.stdout:
            build.refresh_from_db()
            ctx.stdout.write(f"迎检台账：{small.unit.name} 已生成 1 份（{build.files_total} 个文件）。")
