"""The meeting record as a Word document (会议记录), laid out as a branch's record book page:
time, place, 主持人, 记录人, the roster's attendance with leave reasons, agenda, discussion,
resolutions with their votes, and lines for the signatures. Built with python-docx."""

from __future__ import annotations

import io

import docx
import docx.document
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .models import Meeting, MeetingAttendance

FONT = "仿宋"
TITLE_FONT = "黑体"


def _font(run, name: str = FONT, size: float = 12, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _cell(cell, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    lines = (text or "—").splitlines() or ["—"]
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        _font(p.add_run(line), bold=bold)


def meeting_document(meeting: Meeting) -> bytes:
    """The .docx bytes of ``meeting``'s record."""
    out = io.BytesIO()
    meeting_doc(meeting).save(out)
    return out.getvalue()


def meeting_doc(meeting: Meeting) -> docx.document.Document:
    """``meeting``'s record as a python-docx document (the ledger adds its photos to it)."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.5)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(f"{meeting.branch.name}{meeting.group.name if meeting.group else ''}会议记录"), TITLE_FONT, 18)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(sub.add_run(f"{meeting.type.name} · {meeting.title}"), size=14)

    rows = list(meeting.attendance.all())
    present = [a.person.name for a in rows if a.status == MeetingAttendance.Status.PRESENT]
    leave = [f"{a.person.name}（{a.reason}）" for a in rows if a.status == MeetingAttendance.Status.LEAVE]
    absent = [a.person.name for a in rows if a.status == MeetingAttendance.Status.ABSENT]
    held = timezone.localtime(meeting.held_at)
    fields = [
        ("会议时间", f"{held:%Y年%m月%d日 %H:%M}"),
        ("会议地点", meeting.place),
        ("主持人", meeting.host.name),
        ("记录人", meeting.recorder.name),
        ("应到人数", f"{len(rows)}人；实到{len(present)}人，请假{len(leave)}人，缺席{len(absent)}人"),
        ("出席人员", "、".join(present)),
        ("请假人员", "、".join(leave)),
        ("缺席人员", "、".join(absent)),
        ("会议议程", meeting.agenda),
        ("讨论发言", meeting.discussion),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in fields:
        cells = table.add_row().cells
        _cell(cells[0], label, bold=True)
        _cell(cells[1], value)
    resolutions = list(meeting.resolutions.all())
    cells = table.add_row().cells
    _cell(cells[0], "会议决议", bold=True)
    _cell(
        cells[1],
        "\n".join(
            f"{i}. {r.text}（赞成{r.votes_for}票，反对{r.votes_against}票，弃权{r.votes_abstain}票）"
            for i, r in enumerate(resolutions, start=1)
        ),
    )
    for cell in table.columns[0].cells:
        cell.width = Cm(3)
    for cell in table.columns[1].cells:
        cell.width = Cm(13)
    doc.add_paragraph()
    sign = doc.add_paragraph()
    _font(sign.add_run("主持人签字：____________　　记录人签字：____________"))
    if meeting.late_warning:
        note = doc.add_paragraph()
        _font(note.add_run(f"备注：{meeting.late_warning}"), size=10)
    return doc
