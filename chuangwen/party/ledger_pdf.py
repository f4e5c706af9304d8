"""Meetings in the ledger (迎检台账): every meeting record (not archived) of the campaign's unit,
held within the campaign's dates and serving an item (``Meeting.items``), goes into that item's
folder as "YYYY-MM-DD 会议类型 主题.pdf": the minutes as ``meeting_docx`` makes them (time, place,
chair, recorder, attendance with the counts, agenda, discussion, resolutions with their votes)
followed by the meeting's photos, downsized, with captions, and the names of its PDF
attachments. The ledger converts it in a batch and keeps it by the key of its content
(``reports.linked.AsPdf``). Registered in ``PartyConfig.ready``."""

from __future__ import annotations

import datetime
import io

from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from chuangwen.reports.linked import AsPdf, content_key
from chuangwen.reports.record_docx import TITLE_FONT, StoredFile, paragraph, picture

from .meeting_docx import meeting_doc
from .models import Meeting, MeetingAttendance, MeetingPhoto

LAYOUT = "meeting-record-1"  # change when the document's layout changes: every PDF is remade


def _window(campaign) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(campaign.starts_on, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(campaign.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def meetings_of(campaign):
    start, end = _window(campaign)
    return Meeting.objects.filter(
        unit_id=campaign.unit_id, archived_at__isnull=True, held_at__gte=start, held_at__lt=end
    )


def record_key(m: Meeting) -> str:
    """A hash of everything the record shows."""
    return content_key(
        LAYOUT,
        m.pk,
        [m.branch.name, m.group.name if m.group_id else "", m.type.name, m.title, m.held_at, m.place],
        [m.host.name, m.recorder.name, m.agenda, m.discussion, m.recorded_on, m.late_warning],
        [(a.person.name, a.status, a.reason) for a in m.attendance.all()],
        [(r.text, r.votes_for, r.votes_against, r.votes_abstain) for r in m.resolutions.all()],
        [(p.pk, p.sha256, p.original_name) for p in m.photos.all()],
    )


def record_docx(m: Meeting) -> bytes:
    doc = meeting_doc(m)
    photos = [p for p in m.photos.all() if p.content_type.startswith("image/")]
    others = [p for p in m.photos.all() if not p.content_type.startswith("image/")]
    paragraph(doc, f"会议照片（{len(photos)}张）", name=TITLE_FONT, size=13)
    for n, p in enumerate(photos, start=1):
        picture(doc, StoredFile(p.file.name), f"图{n}　{p.original_name}")
    if others:
        paragraph(doc, "附件：" + "、".join(p.original_name for p in others), size=10.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def filename(m: Meeting) -> str:
    return f"{timezone.localdate(m.held_at):%Y-%m-%d} {m.type.name} {m.title}.pdf"


def meeting_pdfs(campaign, item):
    """The ledger's records of ``item``: the unit's meetings in the campaign serving it."""
    meetings = (
        meetings_of(campaign)
        .filter(items=item)
        .select_related("branch", "group", "type", "host", "recorder")
        .prefetch_related(
            Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("person").order_by("id")),
            "resolutions",
            Prefetch("photos", queryset=MeetingPhoto.objects.order_by("id")),
        )
        .order_by("held_at", "id")
    )
    for m in meetings:
        yield filename(m), AsPdf(record_key(m), lambda m=m: record_docx(m))


def fingerprint(campaign) -> tuple:
    """Changes whenever a meeting of the campaign's unit and dates or its photos change."""
    meetings = meetings_of(campaign)
    return (
        Meeting.objects.filter(unit_id=campaign.unit_id).aggregate(
            n=Count("pk"), u=Max("updated_at"), a=Max("archived_at")
        ),
        MeetingPhoto.objects.filter(meeting__in=meetings).aggregate(n=Count("pk"), u=Max("updated_at")),
    )
