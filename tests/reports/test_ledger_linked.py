"""Linked records in the ledger: an activity and a party meeting serving an item land in that
item's folder as PDFs (LibreOffice) holding their title, participants and photo count; an
archived activity and another hospital's never do; the batch conversion and the content-keyed
cache convert each record once across two builds, and an edit converts only that record."""

import io
import subprocess
import zipfile
from datetime import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuangwen.activities import services as activities
from chuangwen.party import services as party
from chuangwen.party.models import MeetingPhoto, MeetingType
from chuangwen.reports import pdf, services
from chuangwen.reports.models import LedgerBuild
from tests import factories as f
from tests.file_samples import jpeg_with_metadata

LINKED = "/关联记录/"


def _text(data: bytes, tmp_path, name="x.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())  # pdftotext spaces CJK from digits and breaks table cells


def _build(world, campaign, capture, **kw) -> LedgerBuild:
    with capture(execute=True):
        b, _ = services.ledger_build_start(user=world.office, campaign=campaign, **kw)
    b.refresh_from_db()
    assert b.status == LedgerBuild.Status.DONE, b.error
    return b


def _linked(b) -> dict[str, bytes]:
    with b.file.open("rb") as fh:
        z = zipfile.ZipFile(io.BytesIO(fh.read()))
    return {n: z.read(n) for n in z.namelist() if LINKED in n}


@pytest.fixture
def linked_world(world, camp):
    """Hospital A: a study session (roster 李娜 王强 + a third, two signed in, one late, three
    photos) and an archived one on item 1; a 支委会 on item 1 with two photos. Hospital C: an
    activity of its own campaign on the same standard's item."""
    g = camp
    g.third = f.person(world.a_med, name="赵敏")
    roster_depts = [world.a_med, world.a_surg]
    start = timezone.make_aware(datetime(2026, 3, 10, 15, 0))
    g.activity = activities.activity_create(
        user=world.office, unit=world.a, kind=f.shipped_kind("political_study"), title="三月医德医风专题学习",
        starts_at=start, ends_at=start.replace(hour=17), department=world.a_med, roster_departments=roster_depts,
        place="门诊楼三楼会议室", summary="学习《中华人民共和国医师法》，交流医德医风体会。",
        campaign=g.campaign, items=[g.items[0]],
    )  # fmt: skip
    f.attendance(g.activity, world.a_p1, status="present")
    f.attendance(g.activity, world.a_p2, status="late")
    uploads = [
        SimpleUploadedFile(f"现场{n}.jpg", jpeg_with_metadata((800, 600)), content_type="image/jpeg")
        for n in range(1, 4)
    ]
    activities.activity_add_photos(activity=g.activity, user=world.office, uploads=uploads)
    g.archived = activities.activity_create(
        user=world.office, unit=world.a, kind=f.shipped_kind("political_study"), title="已撤销的学习",
        starts_at=start, ends_at=start.replace(hour=16), department=world.a_med, roster_departments=[world.a_med],
        campaign=g.campaign, items=[g.items[0]],
    )  # fmt: skip
    activities.activity_archive(activity=g.archived, user=world.office)
    # hospital C's activity of its own campaign on the same item
    f.activity(world.c_med, title="临川县医院的学习", campaign=g.campaign_c, items=[g.items[0]],
               starts_at=start)  # fmt: skip
    # the party branch's committee meeting, serving item 1
    cpc = "cpc"
    sec = f.person(world.a_med, name="陈书记", political_status=cpc, user=world.secretary)
    branch = party.branch_create(user=world.office, unit=world.a, name="内科党支部", secretary=sec)
    party.member_add(user=world.office, branch=branch, person=sec, post="secretary")
    liu = f.person(world.a_med, name="刘敏", political_status=cpc)
    party.member_add(user=world.office, branch=branch, person=liu)
    g.meeting = party.meeting_create(
        user=world.secretary, branch=branch, type=MeetingType.objects.get(code="committee"), title="研究创建工作",
        held_at=timezone.make_aware(datetime(2026, 4, 8, 9, 0)), place="党员活动室", host=sec, recorder=liu,
        agenda="传达创建文明单位工作方案", discussion="大家一致同意", items=[g.items[0]],
        attendance=[party.AttendanceIn(sec, "present", ""), party.AttendanceIn(liu, "present", "")],
        recorded_on=timezone.make_aware(datetime(2026, 4, 8, 9, 0)).date(),
    )  # fmt: skip
    for n in (1, 2):
        data = jpeg_with_metadata((640, 480))
        photo = MeetingPhoto(meeting=g.meeting, original_name=f"会场{n}.jpg", content_type="image/jpeg",
                             size=len(data), sha256=f"{n}" * 64)  # fmt: skip
        photo.file.save(f"m{n}.jpg", ContentFile(data), save=False)
        photo.save()
    return g


@pytest.fixture
def counted(monkeypatch):
    """Every document LibreOffice is asked to convert, by its file's stem (the content key)."""
    seen: list[str] = []
    real = pdf._run

    def run(sources, outdir, profile, timeout):
        seen.extend(s.stem for s in sources)
        return real(sources, outdir, profile, timeout)

    monkeypatch.setattr(pdf, "_run", run)
    return seen


def test_activity_and_meeting_land_in_their_item_folder_as_pdfs(
    world, linked_world, counted, tmp_path, django_capture_on_commit_callbacks
):
    g = linked_world
    b = _build(world, g.campaign, django_capture_on_commit_callbacks)
    files = _linked(b)
    names = sorted(n.rsplit("/", 1)[1] for n in files)
    assert names == ["2026-03-10 三月医德医风专题学习.pdf", "2026-04-08 支委会 研究创建工作.pdf"]
    assert all("/01.01.01 " in n for n in files), files.keys()
    assert len(counted) == 2  # one batch, both records
    by_name = {n.rsplit("/", 1)[1]: data for n, data in files.items()}
    act = _text(by_name["2026-03-10 三月医德医风专题学习.pdf"], tmp_path, "a.pdf")
    for expected in ("三月医德医风专题学习", "政治学习", "门诊楼三楼会议室", "李娜", "王强", "赵敏", "内科", "外科",
                     "迟到", "未到", "应到3人，实到2人（其中迟到1人）", "活动照片（3张）", "图3"):  # fmt: skip
        assert expected in act, (expected, act)
    assert "已撤销的学习" not in act and "临川" not in act
    meet = _text(by_name["2026-04-08 支委会 研究创建工作.pdf"], tmp_path, "m.pdf")
    for expected in ("研究创建工作", "陈书记", "刘敏", "党员活动室", "会议照片（2张）", "会场2.jpg"):
        assert expected in meet, (expected, meet)


def test_the_cache_converts_each_record_once_across_builds(
    world, linked_world, counted, django_capture_on_commit_callbacks
):
    g = linked_world
    first = _build(world, g.campaign, django_capture_on_commit_callbacks)
    assert len(counted) == 2
    again = _build(world, g.campaign, django_capture_on_commit_callbacks, rebuild=True)
    assert again.pk != first.pk and len(counted) == 2  # nothing converted again
    assert _linked(again) == _linked(first)
    # editing the activity changes the ledger's fingerprint and reconverts that record only
    assert services.is_current(again)
    activities.activity_update(user=world.office, activity=g.activity, title="三月医德医风专题学习（补记）")
    assert not services.is_current(again)
    third = _build(world, g.campaign, django_capture_on_commit_callbacks)
    assert third.pk != again.pk and len(counted) == 3
    names = sorted(n.rsplit("/", 1)[1] for n in _linked(third))
    assert names[0] == "2026-03-10 三月医德医风专题学习（补记）.pdf"


def test_another_hospitals_records_never(world, linked_world, counted, django_capture_on_commit_callbacks, tmp_path):
    g = linked_world
    c_office = f.user("c_office_ledger")
    f.member(c_office, "office", unit=world.c)
    with django_capture_on_commit_callbacks(execute=True):
        b, _ = services.ledger_build_start(user=c_office, campaign=g.campaign_c)
    b.refresh_from_db()
    files = _linked(b)
    assert [n.rsplit("/", 1)[1] for n in files] == ["2026-03-10 临川县医院的学习.pdf"]
    text = _text(next(iter(files.values())), tmp_path)
    assert "临川县医院的学习" in text and "李娜" not in text and "三月医德医风" not in text


def test_a_record_that_does_not_convert_goes_in_as_docx(
    world, linked_world, monkeypatch, django_capture_on_commit_callbacks
):
    def missing(*a, **kw):
        raise pdf.ConversionFailed("LibreOffice (soffice) is not installed")

    monkeypatch.setattr(pdf, "soffice", missing)
    b = _build(world, linked_world.campaign, django_capture_on_commit_callbacks)
    names = sorted(n.rsplit("/", 1)[1] for n in _linked(b))
    assert names == ["2026-03-10 三月医德医风专题学习.docx", "2026-04-08 支委会 研究创建工作.docx"]


def test_a_meeting_serves_only_items_of_its_units_campaigns(world, camp):
    from django.core.exceptions import ValidationError

    sec = f.person(world.a_med, name="陈书记", political_status="cpc", user=world.secretary)
    branch = party.branch_create(user=world.office, unit=world.a, name="内科党支部", secretary=sec)
    party.member_add(user=world.office, branch=branch, person=sec, post="secretary")
    foreign = f.standard(world.c, aspects=1, indicators=1, items=1).items.get()
    with pytest.raises(ValidationError) as e:
        party.meeting_create(
            user=world.secretary, branch=branch, type=MeetingType.objects.get(code="committee"), title="研究创建工作",
            held_at=timezone.make_aware(datetime(2026, 4, 8, 9, 0)), place="党员活动室", host=sec, recorder=sec,
            agenda="议程", items=[camp.items[0], foreign],
        )  # fmt: skip
    assert "items" in e.value.message_dict and foreign.code in e.value.message_dict["items"][0]
