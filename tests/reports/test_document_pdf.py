"""PDF too: the generated plan opens in LibreOffice and becomes a PDF by the background job, with
its Chinese font embedded (acceptance 4); it is downloaded through the scope and the audit log
records it; a conversion that fails marks the document failed and keeps no file."""

import shutil
import subprocess

from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.reports import services, tasks
from chuangwen.reports.models import GeneratedDocument


def _fonts(pdf_path) -> list[list[str]]:
    assert shutil.which("pdffonts"), "pdffonts is needed: apt-get install poppler-utils (make system-deps)"
    out = subprocess.run(["pdffonts", str(pdf_path)], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_the_plan_becomes_a_pdf_with_its_chinese_font_embedded(
    plan_world, login, client, tmp_path, django_capture_on_commit_callbacks
):
    w = plan_world
    with django_capture_on_commit_callbacks(execute=True):
        document = services.plan_generate(user=w.office, campaign=w.campaign)
    document.refresh_from_db()
    assert document.pdf_status == GeneratedDocument.PdfStatus.DONE, document.pdf_error
    login(w.office)
    r = client.get(reverse("reports:document_pdf", args=[document.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and "attachment" in r["Content-Disposition"]
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"".join(r.streaming_content))
    assert pdf.read_bytes().startswith(b"%PDF")
    fonts = _fonts(pdf)
    # name type... emb sub uni: a CJK font (Noto CJK here, in place of 仿宋_GB2312), embedded.
    cjk = [f for f in fonts if "CJK" in f[0]]
    assert cjk, fonts
    assert all(f[-5] == "yes" for f in cjk), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "四、实施步骤" in text and "宣传发动" in text
    assert AuditEvent.objects.filter(action="download", detail__kind="document_plan_pdf").count() == 1
    login(w.office_b)
    assert client.get(reverse("reports:document_pdf", args=[document.pk])).status_code == 404


def test_a_failed_conversion_is_marked_and_keeps_no_file(plan_world, monkeypatch):
    document = services.plan_generate(user=plan_world.office, campaign=plan_world.campaign)

    def broken(content):
        raise tasks.ConversionFailed("LibreOffice failed (1): broken")

    monkeypatch.setattr(tasks, "docx_to_pdf", broken)
    assert tasks.document_pdf_build(document_id=document.pk) == "failed"
    document.refresh_from_db()
    assert document.pdf_status == "failed" and "broken" in document.pdf_error and not document.pdf
    # Only a queued document is claimed: a second run changes nothing.
    assert tasks.document_pdf_build(document_id=document.pk) == "failed"
