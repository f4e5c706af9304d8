"""通报 as PDF: every generated bulletin is converted by a background job (LibreOffice), linked
from its row, downloaded through the scope with an audit event, and reachable through the API
(list, detail, .docx, PDF, request); a failed conversion is marked and keeps no file."""

import subprocess

import pytest
from django.urls import reverse

from chuangwen.audit.models import Action, AuditEvent
from chuangwen.core.roles import Role
from chuangwen.inspections import bulletin_pdf, bulletins
from chuangwen.inspections.models import Bulletin
from tests import factories as f

from .test_stats import OCTOBER, TODAY, build_october

TITLE = "青溪县人民医院2026年10月文明创建督查通报"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def issued(world, django_capture_on_commit_callbacks):
    build_october(world)
    with django_capture_on_commit_callbacks(execute=True):
        b = bulletins.bulletin_request(
            user=world.office, unit=world.a, period_start=OCTOBER.start, period_end=OCTOBER.end, today=TODAY
        )
    b.refresh_from_db()
    return b


@pytest.fixture
def office_c(world):
    u = f.user("office_c_bulletins")
    f.member(u, Role.OFFICE, unit=world.c)
    return u


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    return "".join(
        subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout.split()
    )


def test_an_issued_bulletin_becomes_a_pdf_linked_from_its_row(world, issued, login, office_c, tmp_path):
    assert issued.status == Bulletin.Status.DONE and issued.pdf_status == Bulletin.Status.DONE, issued.pdf_error
    client = login(world.office)
    row = client.get(reverse("inspections:bulletin_status", args=[issued.pk])).content.decode()
    url = reverse("inspections:bulletin_pdf", args=[issued.pk])
    assert url in row and "hx-trigger" not in row
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and "attachment" in r["Content-Disposition"]
    data = b"".join(r.streaming_content)
    assert data.startswith(b"%PDF") and TITLE in _pdf_text(data, tmp_path)
    event = AuditEvent.objects.get(action=Action.DOWNLOAD, detail__kind="bulletin_pdf")
    assert event.target_id == str(issued.pk)
    for outsider in (office_c, world.staff):
        assert login(outsider).get(url).status_code == 404


def test_the_api_lists_reads_and_downloads_bulletins(world, issued, call, office_c):
    r = call(world.office, "get", "/api/inspections/bulletins")
    assert r.status_code == 200
    rows = r.json()["items"]
    assert [b["id"] for b in rows] == [issued.pk] and rows[0]["pdf_status"] == "done"
    assert rows[0]["doc_no"] == issued.numbers["doc_no"]
    detail = call(world.office, "get", f"/api/inspections/bulletins/{issued.pk}").json()
    assert detail["numbers"]["totals"] == issued.numbers["totals"]
    docx = call(world.office, "get", detail["docx_url"])
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    pdf = call(world.office, "get", detail["pdf_url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    kinds = sorted(AuditEvent.objects.filter(action=Action.DOWNLOAD).values_list("detail__kind", flat=True))
    assert kinds == ["bulletin", "bulletin_pdf"]
    # another hospital's office and the staff: not found, everywhere
    assert call(office_c, "get", "/api/inspections/bulletins").json()["items"] == []
    for path in ("", "/docx", "/pdf"):
        assert call(office_c, "get", f"/api/inspections/bulletins/{issued.pk}{path}").status_code == 404
        assert call(world.staff, "get", f"/api/inspections/bulletins/{issued.pk}{path}").status_code == 404


def test_the_api_requests_a_bulletin(world, call, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(bulletin_pdf.pdf, "docx_to_pdf", lambda content: b"%PDF-1.4 stand-in")
    body = {"unit": world.a.pk, "period_start": "2026-10-01", "period_end": "2026-10-31"}
    with django_capture_on_commit_callbacks(execute=True):
        r = call(world.office, "post", "/api/inspections/bulletins", json=body)
    assert r.status_code == 201, r.content
    b = Bulletin.objects.get(pk=r.json()["id"])
    assert b.status == "done" and b.pdf_status == "done"
    assert call(world.head, "post", "/api/inspections/bulletins", json=body).status_code == 403
    assert call(world.office, "post", "/api/inspections/bulletins", json={**body, "unit": world.c.pk}).status_code in (
        404,
        422,
    )
    bad = call(world.office, "post", "/api/inspections/bulletins", json={**body, "period_end": "2026-09-01"})
    assert bad.status_code == 422 and "period_end" in bad.content.decode()


def test_a_failed_conversion_is_marked_and_keeps_no_file(world, issued, monkeypatch, login):
    def broken(content):
        raise bulletin_pdf.pdf.ConversionFailed("LibreOffice failed (1): broken")

    monkeypatch.setattr(bulletin_pdf.pdf, "docx_to_pdf", broken)
    Bulletin.objects.filter(pk=issued.pk).update(pdf="", pdf_status=Bulletin.Status.QUEUED)
    assert bulletin_pdf.bulletin_pdf_build(bulletin_id=issued.pk) == "failed"
    issued.refresh_from_db()
    assert issued.pdf_status == "failed" and "broken" in issued.pdf_error and not issued.pdf
    assert bulletin_pdf.bulletin_pdf_build(bulletin_id=issued.pk) == "failed"  # only a queued one is claimed
    client = login(world.office)
    assert client.get(reverse("inspections:bulletin_pdf", args=[issued.pk])).status_code == 404
    row = client.get(reverse("inspections:bulletin_status", args=[issued.pk])).content.decode()
    assert 'data-testid="bulletin-pdf-failed"' in row and 'data-testid="bulletin-download"' in row
