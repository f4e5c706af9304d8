"""Demo data of the evidence ledger: for the demo campaigns' tasks, evidence records with small
generated files (photos drawn with Pillow, a hand-written minimal PDF, a 会议记录 .docx with
wording from the seeds), in every status — accepted, submitted, returned with a reason, draft —
so that the progress pages show a realistic mix. Everything goes through the services, so
files are sniffed and stored like real uploads and ItemCompliance / task statuses follow.

Runs after ``chuangwen.campaigns.demo``; reads ``ctx.extra["tasks"]`` (or every task of
``ctx.extra["campaigns"]``) and ``ctx.users``; leaves ``ctx.extra["evidence"]`` (a list)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from chuangwen.campaigns.models import Task

from . import services
from .models import Evidence

RETURN_REASONS = [
    "照片不清晰，请补充活动现场照片",
    "缺少签到表，请补充后重新提交",
    "文件未加盖公章，请重新上传",
    "会议记录内容过简，请补充讨论内容",
]
# 会议记录 wording after seed 001 三(三) and 000 (二)(2).
MINUTES = [
    "会议记录",
    "时间：{day}　地点：{dept}会议室　主持人：科主任",
    "参加人员：{dept}全体干部职工",
    "内容：组织学习党的基本理论和各项方针政策、法律法规及业务知识。"
    "坚持每周五政治理论学习不放松，每月一次中心学习小组学习不松劲，每月一次业务讲座不放弃。",
    "要求：认真记好台账，学有方案、有布置、有落实；把文明单位的要求落实到岗位、落实到个人。",
]
COLOURS = [(183, 28, 28), (21, 101, 192), (46, 125, 50), (249, 168, 37), (106, 27, 154)]


def _photo(n: int) -> bytes:
    img = Image.new("RGB", (640, 480), (240, 240, 240))
    draw = ImageDraw.Draw(img)
    for k in range(4):
        c = COLOURS[(n + k) % len(COLOURS)]
        x = 40 + k * 140
        draw.rectangle([x, 120 + (k % 2) * 60, x + 110, 400], fill=c)
    draw.rectangle([0, 0, 639, 60], fill=COLOURS[n % len(COLOURS)])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _pdf(title: str = "Notice") -> bytes:
    """A minimal valid one-page PDF, written by hand (ASCII text only)."""
    text = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length " + str(len(text)).encode() + b">>stream\n" + text + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _docx(dept: str, day: date) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(MINUTES[0], level=1)
    for line in MINUTES[1:]:
        d.add_paragraph(line.format(day=f"{day:%Y年%m月%d日}", dept=dept))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


class _Files:
    """The demo's file contents, made once."""

    def __init__(self):
        self.photos = [_photo(n) for n in range(4)]
        self.pdf = _pdf()
        self.docx_cache: dict[str, bytes] = {}

    def for_rules(self, rules, n: int, dept: str, day: date) -> list[SimpleUploadedFile]:
        photos = max([r.get("count", 1) for r in rules if r.get("type") == "min_photos"] or [1])
        types = {t for r in rules if r.get("type") == "file_types" for t in r.get("types", [])}
        files = [
            SimpleUploadedFile(f"IMG_{2026_0000 + n * 10 + k}.jpg", self.photos[(n + k) % 4], "image/jpeg")
            for k in range(photos)
        ]
        if "pdf" in types or n % 5 == 0:
            files.append(SimpleUploadedFile("通知.pdf", self.pdf, "application/pdf"))
        if types & {"doc", "docx"} or n % 4 == 0:
            if dept not in self.docx_cache:
                self.docx_cache[dept] = _docx(dept, day)
            files.append(SimpleUploadedFile("会议记录.docx", self.docx_cache[dept], "application/octet-stream"))
        return files


def _tasks(ctx) -> list[Task]:
    tasks = ctx.extra.get("tasks")
    if tasks is None:
        campaigns = list((ctx.extra.get("campaigns") or {}).values())
        tasks = list(Task.objects.filter(campaign__in=campaigns).order_by("campaign_id", "deadline", "id"))
    return tasks


def _office_user(ctx, task):
    from chuangwen.core.roles import Role
    from chuangwen.org.models import Membership

    for user in ctx.users.values():
        if any(m.role == Role.OFFICE and m.unit_id == task.unit_id for m in user.scope_memberships()):
            return user
    m = Membership.objects.filter(role=Role.OFFICE, unit_id=task.unit_id).select_related("user").first()
    return m.user if m else None


def _submitter(ctx, task, office):
    head = ctx.users.get("neike")
    if head is not None and task.department.name == "内科" and task.unit_id == ctx.units["rmyy"].pk:
        return head
    return office


def load(ctx) -> None:
    tasks = [t for t in _tasks(ctx) if t.archived_at is None]
    ctx.extra.setdefault("evidence", [])
    if not tasks:
        if ctx.stdout:
            ctx.stdout.write("台账：没有创建任务，未生成台账。")
        return
    files = _Files()
    today = timezone.localdate()
    offices: dict[int, object] = {}
    S = Task.Status
    for n, task in enumerate(tasks):
        status = task.status
        if status == S.PENDING:
            continue
        if task.unit_id not in offices:
            offices[task.unit_id] = _office_user(ctx, task)
        office = offices[task.unit_id]
        if office is None:
            continue
        submitter = _submitter(ctx, task, office)
        items = list(task.items.all())
        item = items[n % len(items)] if items else None
        rules = item.rules if item else []
        day = min(task.deadline, today) - timedelta(days=ctx.rng.randint(1, 12))
        day = max(day, task.campaign.starts_on)
        evidence = services.evidence_create(
            task=task,
            user=submitter,
            item=item,
            title=task.deliverable or task.title,
            occurred_on=day,
            doc_number=f"青医发〔2026〕{n + 1}号" if any(r.get("type") == "requires_doc_number" for r in rules) else "",
            note=task.description[:200],
            files=files.for_rules(rules, n, task.department.name, day),
        )
        ctx.extra["evidence"].append(evidence)
        if status == S.IN_PROGRESS and n % 2:
            continue  # a draft
        services.evidence_submit(evidence=evidence, user=submitter)
        if status == S.SUBMITTED:
            continue
        if status == S.RETURNED:
            reason = RETURN_REASONS[n % len(RETURN_REASONS)]
            services.evidence_review(evidence=evidence, user=office, accept=False, reason=reason)
            continue
        services.evidence_review(evidence=evidence, user=office, accept=True)
    for campaign in {t.campaign for t in tasks}:
        services.compliance_recompute_many(campaign=campaign, items=campaign.standard.items.all())
    if ctx.stdout:
        counts = {s: sum(e.status == s for e in ctx.extra["evidence"]) for s in Evidence.Status.values}
        ctx.stdout.write(
            f"台账：{len(ctx.extra['evidence'])} 条（通过 {counts['accepted']}，待审 {counts['submitted']}，"
            f"退回 {counts['returned']}，草稿 {counts['draft']}）。"
        )
