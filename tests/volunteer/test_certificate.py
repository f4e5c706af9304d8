"""Acceptance 6 (the certificate): 志愿服务证明 as .docx states the person, unit, period, total
hours and each service, and opens in LibreOffice (converted to PDF here)."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import docx

from chuangwen.volunteer import services
from chuangwen.volunteer.certificate import certificate_docx


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _service(w):
    event = services.event_create(unit=w.a, user=w.office, title="学雷锋义诊", kind="义诊", held_on=date(2026, 3, 5))
    services.hours_add(person=w.a_p1, user=w.office, hours=Decimal("3.5"), served_on=date(2026, 3, 5), event=event)
    services.hours_add(person=w.a_p1, user=w.office, hours=Decimal("2"), served_on=date(2026, 6, 1),
                       event_name="门诊导医")  # fmt: skip
    withdrawn = services.hours_add(person=w.a_p1, user=w.office, hours=Decimal("8"), served_on=date(2026, 7, 1))
    services.hours_withdraw(row=withdrawn, user=w.office, reason="重复")


def test_the_certificate_states_the_service(hospital, today):
    w = hospital
    _service(w)
    text = _text(certificate_docx(w.a_p1, start=date(2026, 1, 1), end=date(2026, 11, 15)))
    assert "志愿服务证明" in text and "李娜" in text and w.a.name in text
    assert "2026年1月1日至2026年11月15日" in text and "累计志愿服务时长5.5小时" in text
    assert "学雷锋义诊" in text and "门诊导医" in text and "谁组织谁记录，谁记录谁证明" in text


def test_the_certificate_converts_with_libreoffice(hospital, today, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
    w = hospital
    _service(w)
    source = tmp_path / "certificate.docx"
    source.write_bytes(certificate_docx(w.a_p1, start=date(2026, 1, 1), end=date(2026, 11, 15)))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "certificate.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_the_certificate_page_is_for_the_person_the_office_and_the_head(hospital, today, login, client):
    w = hospital
    _service(w)
    url = f"/volunteer/people/{w.a_p1.pk}/certificate/?year=2026"
    for user in (w.office, w.staff, w.head):
        response = login(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    for user in (w.inspector, w.b_office, w.supervisor):
        assert login(user).get(url).status_code == 404, user
    other = f"/volunteer/people/{w.a_p2.pk}/certificate/"
    assert login(w.staff).get(other).status_code == 404  # 李娜 may not fetch 王强's
    assert login(w.head).get(other).status_code == 404  # 王强 is in 外科, not the head's 内科
