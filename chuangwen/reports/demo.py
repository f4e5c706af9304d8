"""Demo data of the inspection materials (迎检材料) for ``make demo``.

Document templates and generated documents: every demo campaign gets the plan texts of
``demo.yaml`` (after seed 000) written by its campaign office; the people's hospital uploads its
own plan template (its 红头 and 文号) and generates its plan once, so the 工作方案 and 文档模板
pages show a real year. Uses ``ctx.extra["campaigns"]`` (campaigns demo) and the offices' users
(org demo)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from chuangwen.campaigns.responsibility_table import LEVEL_LABELS

from . import documents, plan, services

DATA = yaml.safe_load((Path(__file__).with_name("demo.yaml")).read_text(encoding="utf-8"))
OFFICES = {"rmyy": "chuangban", "zyy": "zyy_chuangban", "wsy": "wsy_chuangban"}


def load(ctx) -> None:
    _documents(ctx)


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
