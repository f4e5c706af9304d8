"""Acceptance 2 (another hospital cannot start, see or download the ledger: page, API, file URL;
each download in the audit log), resumable downloads (HTTP Range), and the indicator reports."""

import io
import zipfile

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.core.roles import Role
from chuangwen.reports import services
from chuangwen.reports.models import IndicatorReport, LedgerBuild
from tests import factories as f


@pytest.fixture
def built(world, camp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        b, _ = services.ledger_build_start(user=world.office, campaign=camp.campaign)
    b.refresh_from_db()
    assert b.status == LedgerBuild.Status.DONE
    return b


@pytest.fixture
def other(world):
    """The office of hospital C (another county)."""
    u = f.user("office_c")
    f.member(u, Role.OFFICE, unit=world.c)
    return u


def test_other_hospital_cannot_start_see_or_download(world, camp, built, other, client, call):
    client.force_login(other)
    pages = [
        reverse("reports:ledger", args=[camp.campaign.pk]),
        reverse("reports:build_status", args=[built.pk]),
        reverse("reports:build_download", args=[built.pk]),
        reverse("reports:indicator_reports", args=[camp.campaign.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert client.post(pages[0]).status_code == 404
    assert (
        reverse("reports:ledger", args=[camp.campaign.pk]) not in client.get(reverse("reports:home")).content.decode()
    )
    api = [
        ("get", f"/api/reports/campaigns/{camp.campaign.pk}/ledger"),
        ("post", f"/api/reports/campaigns/{camp.campaign.pk}/ledger"),
        ("get", f"/api/reports/ledger/{built.pk}"),
        ("get", f"/api/reports/ledger/{built.pk}/file"),
    ]
    for method, path in api:
        assert call(other, method, path, {} if method == "post" else None).status_code == 404, path
    assert LedgerBuild.objects.count() == 1
    assert not AuditEvent.objects.filter(action="download").exists()


def test_staff_of_the_same_hospital_may_not_build(world, camp, login):
    page = login(world.staff).get(reverse("reports:ledger", args=[camp.campaign.pk]))
    assert page.status_code == 403


def test_office_and_bureau_download_each_in_the_audit_log(world, camp, built, client, call):
    for user in (world.office, world.supervisor):
        client.force_login(user)
        r = client.get(reverse("reports:build_download", args=[built.pk]))
        assert r.status_code == 200
        body = b"".join(r.streaming_content)
        assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
        assert r["Accept-Ranges"] == "bytes" and "attachment" in r["Content-Disposition"]
    r = call(world.supervisor, "get", f"/api/reports/ledger/{built.pk}/file")
    assert r.status_code == 200 and b"".join(r.streaming_content)[:2] == b"PK"  # the log is written at the end
    events = AuditEvent.objects.filter(action="download", detail__kind="ledger")
    assert sorted((e.actor_id, e.detail["via"]) for e in events) == sorted(
        [(world.office.pk, "page"), (world.supervisor.pk, "page"), (world.supervisor.pk, "api")]
    )
    assert all(e.unit_id == world.a.pk for e in events)


def test_the_bureau_builds_a_hospitals_ledger(world, camp, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = call(world.supervisor, "post", f"/api/reports/campaigns/{camp.campaign.pk}/ledger", {"rebuild": False})
    assert r.status_code == 201, r.content
    status = call(world.supervisor, "get", f"/api/reports/ledger/{r.json()['id']}").json()
    assert status["status"] == "done" and status["files_done"] == status["files_total"] > 0
    assert status["download_url"].endswith(f"/ledger/{status['id']}/file")
    again = call(world.office, "post", f"/api/reports/campaigns/{camp.campaign.pk}/ledger", {})
    assert again.status_code == 200 and again.json()["id"] == status["id"]
    bad = call(world.office, "post", f"/api/reports/campaigns/{camp.campaign.pk}/ledger", {"aspects": [999999]})
    assert bad.status_code == 422 and "999999" in bad.content.decode()


def _get(client, url, **headers):
    r = client.get(url, headers=headers)
    return r, b"".join(r.streaming_content) if r.streaming else r.content


def test_range_requests_resume_the_download(world, camp, built, client):
    client.force_login(world.office)
    url = reverse("reports:build_download", args=[built.pk])
    whole, data = _get(client, url)
    size = len(data)
    etag = whole["ETag"]
    assert int(whole["Content-Length"]) == size == built.bytes_total
    part, head = _get(client, url, Range="bytes=0-999")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 0-999/{size}" and head == data[:1000]
    rest, tail = _get(client, url, Range="bytes=1000-", If_Range=etag)
    assert rest.status_code == 206 and rest["Content-Range"] == f"bytes 1000-{size - 1}/{size}"
    assert head + tail == data
    last, end = _get(client, url, Range="bytes=-10")
    assert last.status_code == 206 and end == data[-10:]
    stale, body = _get(client, url, Range="bytes=1000-", If_Range='"another-version"')
    assert stale.status_code == 200 and body == data
    beyond, _ = _get(client, url, Range=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"


def test_reports_drafted_limited_and_every_edit_kept(world, camp, login, call):
    client = login(world.office)
    r = client.post(reverse("reports:indicator_reports", args=[camp.campaign.pk]))
    assert r.status_code == 302
    reports = list(
        IndicatorReport.objects.filter(campaign=camp.campaign).order_by("indicator__aspect__order", "indicator__order")
    )
    assert len(reports) == 4
    first = reports[0]
    assert "本指标共2个测评项目" in first.text and "台账材料" in first.text and len(first.text) <= 500
    url = reverse("reports:report_edit", args=[first.pk])
    too_long = client.post(url, {"text": "字" * 501})
    assert too_long.status_code == 422
    assert "指标1.1" in too_long.content.decode() and "501" in too_long.content.decode()
    assert client.post(url, {"text": "本指标已全部完成。" * 3}).status_code == 302
    r = call(world.office, "put", f"/api/reports/indicator-reports/{first.pk}", {"text": "第二次修改。"})
    assert r.status_code == 200 and r.json()["chars"] == 6 and not r.json()["drafted"]
    bad = call(world.office, "put", f"/api/reports/indicator-reports/{first.pk}", {"text": "字" * 600})
    assert bad.status_code == 422 and "600" in bad.content.decode()
    versions = list(first.history.order_by("history_date").values_list("text", "history_user_id"))
    assert [v[0] for v in versions] == [first.text, "本指标已全部完成。" * 3, "第二次修改。"]
    assert {v[1] for v in versions} == {world.office.pk}
    page = client.get(url)
    assert page.content.decode().count('data-testid="report-version"') == 3
    # staff may not edit; another hospital cannot see
    assert login(world.staff).get(url).status_code == 404
    listing = call(world.supervisor, "get", f"/api/reports/campaigns/{camp.campaign.pk}/indicator-reports")
    assert listing.status_code == 200 and len(listing.json()) == 4
    assert call(world.supervisor, "put", f"/api/reports/indicator-reports/{first.pk}", {"text": "x"}).status_code == 403
