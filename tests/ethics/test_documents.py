"""Acceptance 6: the 医务人员医德考评表 opens in LibreOffice (converted to PDF, one page) and its
figures equal the page's; the summary and the 医德档案 are .xlsx files with the same figures."""

import datetime
import io
import re
import shutil
import subprocess

from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.ethics import services
from chuangwen.scoring.models import Source
from chuangwen.scoring.services import entry_add


def _graded(world, evaluation):
    row = evaluation.rows.get(person=world.a_p1)
    row.self_text, row.self_grade, row.self_score = "恪守医德，廉洁行医。", "excellent", 95
    row.department_score, row.patients_score, row.committee_score = 91.5, 93, 90
    row.department_comment = "工作认真负责"
    row.save()
    other = evaluation.rows.get(person=world.a_p2)
    other.self_score = other.department_score = other.patients_score = other.committee_score = 80
    other.save()
    entry_add(unit=world.a, person=world.a_p1, points=-3, source=Source.COMPLAINT, reason="查实投诉",
              occurred_on=datetime.date(2026, 3, 9))  # fmt: skip
    services.evaluation_review(evaluation=evaluation, by=world.office)
    services.row_decide(row=row, by=world.office, grade="", opinion="同意科室意见")
    services.evaluation_publicise(evaluation=evaluation, by=world.office)
    row.refresh_from_db()
    return row


def _page_figures(body: str) -> dict:
    return {k: v.strip() for k, v in re.findall(r'data-testid="f-(\w+)">([^<]*)<', body)}


def _soffice(tmp_path, source, fmt):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip


def test_the_form_converts_to_one_pdf_page_with_the_pages_figures(world, evaluation, login, tmp_path):
    row = _graded(world, evaluation)
    client = login(world.office)
    page = _page_figures(client.get(reverse("ethics:row", args=[evaluation.pk, row.pk])).content.decode())
    assert page["score"] == str(row.score) and page["grade"] == "良好"
    r = client.get(reverse("ethics:row_form", args=[evaluation.pk, row.pk]))
    assert r.status_code == 200 and r["Content-Type"].endswith("wordprocessingml.document")
    source = tmp_path / "form.docx"
    source.write_bytes(r.content)
    _soffice(tmp_path, source, "pdf")
    pdf = (tmp_path / "form.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    _soffice(tmp_path, source, "txt:Text")
    text = (tmp_path / "form.txt").read_text(encoding="utf-8-sig")
    for key in ("department", "patients", "committee", "record", "deductions", "score"):
        assert page[key] in text, (key, page[key])
    assert "考评等次" in text and "良好" in text and "李娜" in text and "本人签字" in text


def test_the_summary_and_the_record(world, evaluation, login):
    row = _graded(world, evaluation)
    client = login(world.office)
    book = load_workbook(io.BytesIO(client.get(reverse("ethics:evaluation_summary", args=[evaluation.pk])).content))
    values = [[c for c in r] for r in book.active.iter_rows(values_only=True)]
    mine = next(r for r in values if "李娜" in r)
    assert float(row.score) in [float(v) for v in mine if isinstance(v, (int, float))] and "良好" in mine
    record = load_workbook(io.BytesIO(client.get(reverse("ethics:person_record", args=[world.a_p1.pk])).content))
    assert any(
        "查实投诉" in (c or "")
        for r in record.worksheets[1].iter_rows(values_only=True)
        for c in r
        if isinstance(c, str)
    )
