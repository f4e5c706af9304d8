"""Activities in the ledger (迎检台账): every activity of the campaign (not archived) linked to an
item goes into that item's folder as "YYYY-MM-DD 活动标题.pdf": the record (kind, time, place,
organiser, summary, the items it serves), the sign-in list (names, departments, status, times)
with the counts and participation rate the activity pages show, and its photos, downsized, with
captions. Built with python-docx; the ledger converts it to PDF in a batch and keeps it by the
key of its content (``reports.linked.AsPdf``), so an unchanged activity is converted once.
Registered in ``ActivitiesConfig.ready``."""

from __future__ import annotations

import io

import docx
from django.db.models import Count, Max
from django.utils import timezone
from docx.shared import Cm

from chuangwen.reports.linked import AsPdf, content_key
from chuangwen.reports.record_docx import TITLE_FONT, StoredFile, cell, paragraph, picture, table, widths_set

from .models import Activity, ActivityPhoto, Attendance
from .selectors import participation, with_counts

LAYOUT = "activity-record-2"  # change when the document's layout changes: every PDF is remade
STATUS = {Attendance.Status.PRESENT: "已签到", Attendance.Status.LATE: "迟到", Attendance.Status.LEAVE: "请假"}


def _when(a: Activity) -> str:
    start, end = timezone.localtime(a.starts_at), timezone.localtime(a.ends_at)
    same_day = start.date() == end.date()
    return (
        f"{start:%Y年%m月%d日 %H:%M}至{end:%H:%M}"
        if same_day
        else f"{start:%Y年%m月%d日 %H:%M}至{end:%Y年%m月%d日 %H:%M}"
    )


def _signed(att: Attendance | None) -> str:
    return f"{timezone.localtime(att.signed_at):%m-%d %H:%M}" if att and att.signed_at else ""


def record_data(a: Activity) -> dict:
    """Everything the record shows, as plain values (its hash is the PDF's key)."""
    p = participation(a)
    taken = {x.person_id: x for x in a.attendance.select_related("person__department")}
    roster = list(a.roster.select_related("department").order_by("department__sort_order", "employee_no", "pk"))
    invited = {person.pk for person in roster}
    people = [(person, taken.get(person.pk), True) for person in roster]
    people += [(x.person, x, False) for pid, x in taken.items() if pid not in invited]
    rows = []
    for n, (person, att, is_invited) in enumerate(people, start=1):
        status = STATUS.get(att.status, "") if att else "未到"
        note = att.leave_reason if att and att.status == Attendance.Status.LEAVE else ""
        if att and att.method:
            note = "；".join(x for x in (note, att.get_method_display()) if x)
        if not is_invited:
            status += "（未受邀）"
        rows.append([str(n), person.name, person.department.name if person.department_id else "", status,
                     _signed(att), note])  # fmt: skip
    photos = list(ActivityPhoto.objects.filter(activity=a, archived_at__isnull=True).order_by("taken_on", "id"))
    rate = f"{p.rate}%" if p.rate is not None else "—"
    counts = (
        f"应到{p.expected}人，实到{p.attended}人（其中迟到{p.late}人），请假{p.leave}人；参与率{rate}"
        + (f"（要求{p.required}%{'，未达到' if p.below else ''}）" if p.required is not None else "")
        + (f"；另有{p.walk_ins}人未受邀参加" if p.walk_ins else "")
    )
    return {
        "layout": LAYOUT,
        "id": a.pk,
        "unit": a.unit.name,
        "title": a.title,
        "fields": [
            ["活动类型", a.kind.name],
            ["活动时间", _when(a)],
            ["活动地点", a.place or "—"],
            ["组织科室", a.department.name],
            ["组织人", a.organiser.name if a.organiser_id else "—"],
            ["服务测评项目", "\n".join(f"{it.code} {it.title}" for it in a.items.order_by("order", "id")) or "—"],
            ["参加情况", counts],
            ["活动纪要", a.summary or "—"],
        ],
        "rows": rows,
        "photos": [
            [ph.pk, ph.sha256, ph.file.name, ph.original_name, ph.taken_on.isoformat() if ph.taken_on else ""]
            for ph in photos
        ],
    }


def record_docx(data: dict) -> bytes:
    doc = docx.Document()
    s = doc.sections[0]
    s.page_height, s.page_width = Cm(29.7), Cm(21.0)
    s.top_margin = s.bottom_margin = Cm(2.2)
    s.left_margin = s.right_margin = Cm(2.2)
    paragraph(doc, f"{data['unit']}活动记录", name=TITLE_FONT, size=18, center=True)
    paragraph(doc, data["title"], size=14, center=True)
    paragraph(doc, "一、活动情况", name=TITLE_FONT, size=13)
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for label, value in data["fields"]:
        cells = t.add_row().cells
        cell(cells[0], label, bold=True)
        cell(cells[1], value)
    widths_set(t, [3.2, 13.4])
    paragraph(doc, f"二、签到名单（{len(data['rows'])}人）", name=TITLE_FONT, size=13)
    if data["rows"]:
        table(doc, ["序号", "姓名", "科室", "状态", "签到时间", "备注"], data["rows"], [1.2, 2.4, 3.2, 2.2, 3.2, 4.4])
    else:
        paragraph(doc, "无签到记录。")
    paragraph(doc, f"三、活动照片（{len(data['photos'])}张）", name=TITLE_FONT, size=13)
    for n, (_pk, _sha, name, original, taken) in enumerate(data["photos"], start=1):
        picture(doc, StoredFile(name), f"图{n}　{original}{f'（{taken}）' if taken else ''}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def filename(a: Activity) -> str:
    return f"{timezone.localdate(a.starts_at):%Y-%m-%d} {a.title}.pdf"


def activity_pdfs(campaign, item):
    """The ledger's records of ``item``: the campaign's live activities linked to it."""
    activities = with_counts(
        Activity.objects.filter(
            campaign_id=campaign.pk, unit_id=campaign.unit_id, items=item, archived_at__isnull=True
        ).select_related("kind", "department", "organiser", "unit")
    ).order_by("starts_at", "id")
    for a in activities:
        data = record_data(a)
        yield filename(a), AsPdf(content_key(data), lambda data=data: record_docx(data))


def fingerprint(campaign) -> tuple:
    """Changes whenever an activity of the campaign, its attendance or its photos change."""
    acts = Activity.objects.filter(campaign_id=campaign.pk)
    return (
        acts.aggregate(n=Count("pk"), u=Max("updated_at"), a=Max("archived_at")),
        Attendance.objects.filter(activity__campaign_id=campaign.pk).aggregate(n=Count("pk"), u=Max("updated_at")),
        ActivityPhoto.objects.filter(activity__campaign_id=campaign.pk).aggregate(
            n=Count("pk"), u=Max("updated_at"), a=Max("archived_at")
        ),
    )
