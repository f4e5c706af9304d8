"""Long exports (staff, complaints, a campaign's tasks) as background jobs: past
``EXPORT_SYNC_MAX_ROWS`` the export is queued, the job writes the file (immediate backend), the
requester follows its progress and downloads it, the download is the audited export, and nobody
else can see or take the job."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.audit.models import Action, AuditEvent
from chuangwen.core import export_jobs
from chuangwen.core.export_jobs import ExportJob, export_build
from chuangwen.core.roles import Role
from chuangwen.feedback import services as feedback_services
from tests import factories as f


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.EXPORT_SYNC_MAX_ROWS = 1


def queue(client, url, capture):
    """GET an export that is long: it answers with the job's page, and the job runs on commit."""
    with capture(execute=True):
        response = client.get(url)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response.url == reverse("exports:export_status", args=[job.pk])
    return job


def rows_of(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_long_staff_export_runs_in_the_background_and_is_audited_at_download(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.office)
    job = queue(client, reverse("org:roster_export"), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.progress, job.kind, job.rows) == ("done", 100, "staff", 2)
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()  # queued is not exported yet

    page = client.get(reverse("exports:export_status", args=[job.pk]))
    assert page.status_code == 200 and 'data-status="done"' in page.content.decode()
    assert reverse("exports:export_download", args=[job.pk]) in page.content.decode()

    response = client.get(reverse("exports:export_download", args=[job.pk]))
    assert response.status_code == 200
    rows = rows_of(response)
    assert rows[0][0] == "工号"
    assert {r[0] for r in rows[1:]} == {world.a_p1.employee_no, world.a_p2.employee_no}
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor == world.office and event.target_repr == job.filename
    assert event.detail == {"kind": "staff", "rows": 2, "via": "background", "filters": {}}


def test_a_short_export_is_still_written_during_the_request(world, login, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    response = login(world.office).get(reverse("org:roster_export"))
    assert response.status_code == 200 and not ExportJob.objects.exists()


def test_only_the_requester_finds_the_job(world, login, django_capture_on_commit_callbacks):
    job = queue(login(world.office), reverse("org:roster_export"), django_capture_on_commit_callbacks)
    colleague = f.user("office_2")
    f.member(colleague, Role.OFFICE, unit=world.a)
    for user in (colleague, world.supervisor, world.staff):
        client = login(user)
        assert client.get(reverse("exports:export_status", args=[job.pk])).status_code == 404
        assert client.get(reverse("exports:export_download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_a_running_job_shows_its_progress_and_has_nothing_to_download(world, login):
    job = ExportJob.objects.create(kind="staff", requested_by=world.office, filename="x.xlsx", ids=[1, 2], progress=40)
    client = login(world.office)
    html = client.get(reverse("exports:export_status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in html and "40%" in html
    assert client.get(reverse("exports:export_download", args=[job.pk])).status_code == 404


def test_a_failing_job_is_marked_failed_without_a_file(world, monkeypatch):
    def broken(job, *, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(export_jobs.BUILDERS, "staff", f"{__name__}.BROKEN")
    monkeypatch.setattr(f"{__name__}.BROKEN", broken, raising=False)
    job = ExportJob.objects.create(kind="staff", requested_by=world.office, filename="x.xlsx", ids=[world.a_p1.pk])
    assert export_build(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and not job.file and "disk full" in job.error
    assert export_build(job_id=job.pk) == "failed"  # a finished job is not run twice


def test_a_long_complaint_export_keeps_the_masking_of_its_requester(world, login, django_capture_on_commit_callbacks):
    for name in ("张三丰", "李四光"):
        feedback_services.complaint_create(
            unit=world.a,
            user=world.office,
            channel="phone",
            category="attitude",
            content="门诊输液室护士态度生硬。",
            department=world.a_med,
            complainant_name=name,
            complainant_phone="13812341234",
            contact_consent=True,
        )
    client = login(world.office)
    job = queue(client, reverse("feedback:complaint_export"), django_capture_on_commit_callbacks)
    rows = rows_of(client.get(reverse("exports:export_download", args=[job.pk])))
    assert rows[0][0].startswith("投诉登记台账")
    assert {r[9] for r in rows[2:]} == {"张三丰", "李四光"}  # the office sees its contacts in clear
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.detail["kind"] == "complaints" and event.detail["rows"] == 2 and event.detail["clear_contacts"] == 2


def test_a_long_responsibility_table_is_written_in_the_background(world, login, django_capture_on_commit_callbacks):
    std = f.standard(world.a, name="测评体系", aspects=1, indicators=1, items=2)
    campaign = f.campaign(world.a, std)
    for title in ("每月开展政治学习", "每季度开展满意度调查"):
        f.task(campaign, world.a_med, title=title)
    client = login(world.office)
    job = queue(
        client, reverse("campaigns:responsibility_export", args=[campaign.pk]), django_capture_on_commit_callbacks
    )
    rows = rows_of(client.get(reverse("exports:export_download", args=[job.pk])))
    assert rows[1][:4] == ("序号", "任务编号", "阶段", "工作任务")
    assert {r[3] for r in rows[2:]} == {"每月开展政治学习", "每季度开展满意度调查"}


def test_old_export_files_are_removed_and_the_job_says_so(world, login, django_capture_on_commit_callbacks):
    import datetime

    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.utils import timezone

    client = login(world.office)
    job = queue(client, reverse("org:roster_export"), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    stored = job.file.name
    assert default_storage.exists(stored)
    assert export_jobs.exports_expire(now=timezone.now() + datetime.timedelta(days=6)) == 0  # kept 7 days
    assert default_storage.exists(stored)

    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(days=8))
    call_command("expire_exports", stdout=io.StringIO())
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("expired", "") and not default_storage.exists(stored)
    page = client.get(reverse("exports:export_status", args=[job.pk])).content.decode()
    assert 'data-status="expired"' in page and "7" in page
    assert client.get(reverse("exports:export_download", args=[job.pk])).status_code == 404
