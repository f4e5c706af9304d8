"""Meeting records: the roster's attendance and rate, resolutions with votes, the 3-working-day
rule, refusals naming the row, the pages (fixed query counts, scope) and the .docx record
opening in LibreOffice (acceptance 6)."""

import datetime
import io
import shutil
import subprocess

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from chuangwen.party import services
from chuangwen.party.models import Meeting, MeetingAttendance
from chuangwen.party.services import AttendanceIn, ResolutionIn

D = datetime.date


@pytest.fixture
def meeting(pw, hold):
    m = pw.members
    return hold(
        "committee",
        D(2026, 10, 12),
        title="研究发展党员工作",
        discussion="刘敏：同意列为发展对象。",
        attendance=[AttendanceIn(m[0]), AttendanceIn(m[1]), AttendanceIn(m[2], "leave", "外出进修")]
        + [AttendanceIn(m[3])],
        resolutions=[ResolutionIn("同意林晓同志列为发展对象", 3, 0, 0)],
    )


def test_the_record_keeps_attendance_and_votes(pw, meeting):
    rows = {a.person.name: a for a in meeting.attendance.all()}
    assert rows["赵磊"].status == MeetingAttendance.Status.LEAVE and rows["赵磊"].reason == "外出进修"
    assert rows["周洋"].status == MeetingAttendance.Status.ABSENT  # not listed: absent
    assert services.attendance_rate(meeting) == 60.0
    assert meeting.resolutions.get().votes_for == 3
    assert meeting.late_warning == ""


def test_a_record_kept_later_than_three_working_days_is_warned(pw, hold):
    # Held Friday 6 November 2026; recorded Thursday 12th: 4 working days later.
    m = hold("committee", D(2026, 11, 6), recorded_on=D(2026, 11, 12))
    assert "4" in m.late_warning and "3" in m.late_warning
    assert hold("committee", D(2026, 11, 6), recorded_on=D(2026, 11, 11)).late_warning == ""


def test_bad_input_is_refused_whole_naming_the_row(pw, hold):
    m = pw.members
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as e:
        hold(
            "committee",
            D(2026, 10, 12),
            attendance=[AttendanceIn(m[1]), AttendanceIn(m[2], "leave", ""), AttendanceIn(pw.a_p2)],
            resolutions=[ResolutionIn("决议", 5, 0, 0)],
        )
    errors = e.value.message_dict
    text = " ".join(errors["attendance"])
    assert "第 2 行" in text or "2" in text
    assert "王强" in text  # not on the roster
    assert errors["resolutions"]
    assert Meeting.objects.count() == before
    with pytest.raises(ValidationError) as e:
        hold("group", D(2026, 10, 12))
    assert "group" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        hold("committee", D(2026, 10, 12), user=pw.staff)
    with pytest.raises(PermissionDenied):
        hold("committee", D(2026, 10, 12), user=pw.c_office)


def test_the_secretary_records_a_meeting_on_the_page(pw, client):
    client.force_login(pw.secretary)
    url = reverse("party:meeting_create", args=[pw.branch.pk])
    assert client.get(url).status_code == 200
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "JPEG")
    data = {
        "type": pw.types["members"].pk,
        "title": "第三季度党员大会",
        "held_at": "2026-09-18T15:00",
        "place": "门诊楼五楼会议室",
        "host": pw.sec_person.pk,
        "recorder": pw.members[1].pk,
        "agenda": "一、传达上级精神\n二、讨论发展对象",
        "resolutions": "同意接收林晓为预备党员 | 4 | 0 | 0",
        "photos": [SimpleUploadedFile("会场.jpg", buf.getvalue(), content_type="image/jpeg")],
    }
    for p in pw.members:
        data[f"att_{p.pk}"] = "present"
        data[f"reason_{p.pk}"] = ""
    data[f"att_{pw.members[4].pk}"] = "leave"
    data[f"reason_{pw.members[4].pk}"] = "值夜班"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    m = Meeting.objects.get(title="第三季度党员大会")
    assert m.photos.count() == 1 and m.resolutions.get().votes_for == 4
    page = client.get(reverse("party:meeting_detail", args=[m.pk])).content.decode()
    assert "80.0%" in page and "值夜班" in page
    assert client.get(reverse("party:meeting_photo", args=[m.photos.get().pk])).status_code == 200
    # A leave without a reason: the form names it, nothing is written.
    data[f"reason_{pw.members[4].pk}"] = ""
    data["title"] = "重复"
    data["photos"] = []
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("周洋" in e for e in response.context["form"].non_field_errors())
    assert not Meeting.objects.filter(title="重复").exists()


def test_pages_have_fixed_query_counts(pw, hold, client, django_assert_max_num_queries):
    client.force_login(pw.secretary)
    for month in range(1, 4):
        hold("committee", D(2026, month, 10))
    hold("group", D(2026, 3, 5), group=pw.g1)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("party:branch_list") + "?year=2026").status_code == 200
    with django_assert_max_num_queries(16):
        page = client.get(reverse("party:branch_detail", args=[pw.branch.pk]) + "?year=2026")
    assert page.status_code == 200 and 'data-type="committee"' in page.content.decode()
    for month in range(4, 10):
        hold("committee", D(2026, month, 10))
    with django_assert_max_num_queries(16):
        assert client.get(reverse("party:branch_detail", args=[pw.branch.pk]) + "?year=2026").status_code == 200


def test_scope_of_the_pages(pw, meeting, client):
    client.force_login(pw.c_office)
    assert client.get(reverse("party:branch_detail", args=[pw.branch.pk])).status_code == 404
    assert client.get(reverse("party:meeting_detail", args=[meeting.pk])).status_code == 404
    client.force_login(pw.staff)  # 李娜: not a party member, not on the roster
    assert client.get(reverse("party:meeting_detail", args=[meeting.pk])).status_code == 404
    client.force_login(pw.office)
    assert client.get(reverse("party:meeting_detail", args=[meeting.pk])).status_code == 200
    client.force_login(pw.supervisor)
    page = client.get(reverse("party:overview") + "?year=2026")
    assert page.status_code == 200 and "青溪县人民医院" in page.content.decode()


def test_a_member_sees_the_meetings_she_was_on_the_roster_of(pw, meeting, client):
    from tests import factories as f

    u = f.user("liumin")
    f.member(u, "staff", unit=pw.a)
    pw.members[1].user = u
    pw.members[1].save()
    client.force_login(u)
    assert client.get(reverse("party:meeting_detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("party:branch_detail", args=[pw.branch.pk])).status_code == 200
    assert client.get(reverse("party:meeting_create", args=[pw.branch.pk])).status_code == 403


def test_the_meeting_record_opens_in_libreoffice(pw, meeting, client, tmp_path):
    client.force_login(pw.secretary)
    response = client.get(reverse("party:meeting_docx", args=[meeting.pk]))
    assert response.status_code == 200
    source = tmp_path / "record.docx"
    source.write_bytes(response.content)
    text = "\n".join(c.text for t in docx.Document(str(source)).tables for row in t.rows for c in row.cells)
    assert "赵磊（外出进修）" in text and "赞成3票" in text and "周洋" in text
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "record.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
