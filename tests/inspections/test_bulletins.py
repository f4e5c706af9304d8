"""通报: request, background generation with progress, the .docx read back (python-docx and
LibreOffice), failures, pages and the scope."""

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.inspections import bulletin_docx, bulletins, stats
from chuangwen.inspections.models import Bulletin, FindingPhoto

from .test_stats import OCTOBER, TODAY, add_photo, build_october

START, END = OCTOBER.start, OCTOBER.end
TITLE = "青溪县人民医院2026年10月文明创建督查通报"


@pytest.fixture
def october(world):
    return build_october(world)


@pytest.fixture
def with_photos(october):
    for key in ("med_closed_1", "surg_overdue"):
        add_photo(october[key])
        add_photo(october[key], FindingPhoto.Stage.RESPONSE)
    add_photo(october["surg_responded"], thumbnail=False)  # made from the photo on the fly
    return october


@pytest.fixture
def generate(django_capture_on_commit_callbacks):
    """Request a bulletin and run its job (the immediate backend runs it on commit)."""

    def _generate(user, unit, start=START, end=END):
        with django_capture_on_commit_callbacks(execute=True):
            b = bulletins.bulletin_request(user=user, unit=unit, period_start=start, period_end=end, today=TODAY)
        b.refresh_from_db()
        return b

    return _generate


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture(autouse=True)
def _fast_pdf(monkeypatch):
    """Every generated bulletin is also converted to PDF by a job; here a stand-in converts it
    (test_bulletin_pdf.py runs LibreOffice)."""
    monkeypatch.setattr("chuangwen.inspections.bulletin_pdf.pdf.docx_to_pdf", lambda content: b"%PDF-1.4 stand-in")


def read_docx(bulletin) -> docx.document.Document:
    with bulletin.file.open("rb") as fh:
        return docx.Document(io.BytesIO(fh.read()))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_bulletin_numbers_equal_the_stats(with_photos, world, generate):
    b = generate(world.office, world.a)
    assert (b.status, b.progress, b.error) == (Bulletin.Status.DONE, 100, "")
    assert b.title == TITLE and b.file.name.endswith(".docx")

    findings = stats.period_findings(period=OCTOBER, unit=world.a)
    t = stats.totals(findings, today=TODAY)
    depts = stats.by_department(findings, today=TODAY)
    ranked = stats.ranking(findings, today=TODAY)
    page = stats.panel_context(user=world.office, unit=world.a, period=OCTOBER, today=TODAY)
    assert page["totals"] == t and page["departments"] == depts  # the pages read the same figures

    d = read_docx(b)
    paragraphs = texts(d)
    assert paragraphs[0] == "青溪县人民医院文明创建办公室"
    assert paragraphs[1] == "县人民医院创建办〔2026〕1号"
    assert TITLE in paragraphs
    summary = next(p for p in paragraphs if p.startswith("本期共发现问题"))
    for figure in (
        f"本期共发现问题{t.total}个",
        f"严重问题{t.serious}个",
        f"上级检查发现问题{t.from_above}个",
        f"累计扣分{t.points_text}分",
        f"已整改销号{t.closed}个",
        f"整改率{t.rate_text}",
        f"尚未销号{t.open}个",
        f"逾期未整改{t.overdue}个",
        f"平均整改用时{t.avg_days_text}天",
    ):
        assert figure in summary
    assert "本期共发现问题7个" in summary and "整改率42.9%" in summary  # the fixture's known figures

    dept_table, rank_table = d.tables[0], d.tables[1]
    rows = table_rows(dept_table)
    assert rows[0] == bulletin_docx.DEPARTMENT_HEADERS
    expected = [
        [x.name, str(x.total), str(x.closed), str(x.open), str(x.overdue), x.rate_text, x.avg_days_text, x.points_text]
        for x in depts
    ]
    assert rows[1:-1] == expected
    assert rows[-1] == ["合计", "7", "3", "4", "2", "42.9%", "5.3", "11"]
    assert [r[1] for r in table_rows(rank_table)[1:]] == [x.name for x in ranked] == ["内科", "外科"]

    assert "内科等1个科室" in next(p for p in paragraphs if "予以通报表扬" in p)
    criticism = next(p for p in paragraphs if "予以通报批评" in p)
    assert "外科（逾期1个）" in criticism and stats.NO_DEPARTMENT not in criticism
    assert paragraphs[-1] == "2026年11月3日" and paragraphs[-2] == "青溪县人民医院文明创建办公室"
    line = next(p for p in paragraphs if "【严重】外科病房消防通道堵塞。" in p)
    assert line.startswith("2.") and "整改期限：2026年10月25日" in line and line.endswith("状态：整改中。")

    assert len(d.inline_shapes) == 5  # every photo, thumbnails two per row
    assert b.numbers["totals"] == t.as_dict()
    assert b.numbers["departments"] == [x.as_dict() for x in depts]
    assert b.numbers["praised"] == ["内科"] and b.numbers["criticised"] == [{"name": "外科", "overdue": 1}]
    assert b.numbers["photos"] == 5


def test_the_docx_converts_with_libreoffice(with_photos, world, generate, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
    b = generate(world.office, world.a)
    source = tmp_path / "bulletin.docx"
    with b.file.open("rb") as fh:
        source.write_bytes(fh.read())
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / "bulletin.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_empty_period_still_makes_a_document(world, generate):
    b = generate(world.office, world.a, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert b.status == Bulletin.Status.DONE
    paragraphs = texts(read_docx(b))
    assert "本期督查未发现问题。" in paragraphs and "本期无逾期未整改的问题。" in paragraphs


def test_progress_moves_while_the_document_is_written(with_photos, world, generate, monkeypatch):
    seen = []
    real = bulletins.render_docx

    def spying(data, *, progress):
        def spy(done, total):
            progress(done, total)
            seen.append(Bulletin.objects.values_list("status", "progress").get())

        return real(data, progress=spy)

    monkeypatch.setattr(bulletins, "render_docx", spying)
    b = generate(world.office, world.a)
    assert b.status == Bulletin.Status.DONE and b.progress == 100
    assert all(status == Bulletin.Status.RUNNING for status, _ in seen)
    values = [p for _, p in seen]
    assert values == sorted(values) and values[0] >= 20 and values[-1] == 95


def test_a_failure_is_recorded_and_leaves_no_file(with_photos, world, generate, monkeypatch, login):
    def broken(data, *, progress):
        progress(1, 2)
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(bulletins, "render_docx", broken)
    b = generate(world.office, world.a)
    assert b.status == Bulletin.Status.FAILED and "磁盘已满" in b.error
    assert not b.file
    assert not default_storage.exists("bulletins")
    client = login(world.office)
    assert client.get(reverse("inspections:bulletin_download", args=[b.pk])).status_code == 404
    page = client.get(reverse("inspections:bulletin_list")).content.decode()
    assert 'data-testid="bulletin-error"' in page and "磁盘已满" not in page


def test_a_storage_failure_keeps_nothing(with_photos, world, generate, monkeypatch):
    def full(name, content, *a, **k):
        raise OSError("No space left on device")

    monkeypatch.setattr(default_storage, "save", full)
    b = generate(world.office, world.a)
    assert b.status == Bulletin.Status.FAILED and "No space left" in b.error and not b.file


def test_a_finished_job_is_not_run_again(with_photos, world, generate):
    b = generate(world.office, world.a)
    name = b.file.name
    assert bulletins.bulletin_build(bulletin_id=b.pk) == Bulletin.Status.DONE
    b.refresh_from_db()
    assert b.file.name == name


def test_document_numbers_count_up_per_year(world, generate):
    first = generate(world.office, world.a)
    second = generate(world.office, world.a, datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))
    assert first.numbers["doc_no"].endswith("〔2026〕1号") and second.numbers["doc_no"].endswith("〔2026〕2号")
    assert second.title == "青溪县人民医院2026年9月文明创建督查通报"


def test_a_supervisor_issues_it_in_the_bureau_name(october, world, generate):
    b = generate(world.supervisor, world.a)
    assert b.status == Bulletin.Status.DONE
    assert b.numbers["issuer"] == "青溪县卫生健康局文明办"
    assert texts(read_docx(b))[0] == "青溪县卫生健康局文明办"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime.date(2026, 10, 31), datetime.date(2026, 10, 1), "period_end"),
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), "period_start"),
        (datetime.date(2025, 1, 1), datetime.date(2026, 1, 1), "period_end"),
    ],
)
def test_bad_periods_are_refused_naming_the_field(world, start, end, field):
    with pytest.raises(ValidationError) as exc:
        bulletins.bulletin_request(user=world.office, unit=world.a, period_start=start, period_end=end, today=TODAY)
    assert field in exc.value.message_dict
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize(
    ("who", "unit", "allowed"),
    [
        ("office", "a", True),
        ("supervisor", "a", True),
        ("supervisor", "b", True),
        ("admin", "c", True),
        ("office", "b", False),
        ("supervisor", "c", False),
        ("head", "a", False),
        ("inspector", "a", False),
        ("secretary", "a", False),
        ("staff", "a", False),
        ("nobody", "a", False),
    ],
)
def test_who_may_request(world, who, unit, allowed):
    user, unit = getattr(world, who), getattr(world, unit)
    assert bulletins.can_request(user, unit) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            bulletins.bulletin_request(user=user, unit=unit, period_start=START, period_end=END, today=TODAY)


# --- pages ----------------------------------------------------------------------------------


def test_office_requests_follows_and_downloads(with_photos, world, login, django_capture_on_commit_callbacks):
    client = login(world.office)
    form = client.get(reverse("inspections:bulletin_create"))
    assert form.status_code == 200
    assert form.context["form"]["period_start"].value() == START  # the last full month
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("inspections:bulletin_create"), {"period_start": "2026-10-01", "period_end": "2026-10-31"}
        )
    assert r.status_code == 302 and r.url == reverse("inspections:bulletin_list")
    b = Bulletin.objects.get()
    page = client.get(reverse("inspections:bulletin_list")).content.decode()
    assert TITLE in page and reverse("inspections:bulletin_download", args=[b.pk]) in page
    row = client.get(reverse("inspections:bulletin_status", args=[b.pk])).content.decode()
    assert "hx-trigger" not in row and 'data-status="done"' in row
    r = client.get(reverse("inspections:bulletin_download", args=[b.pk]))
    assert r.status_code == 200 and r["Content-Type"] == bulletin_docx_type()
    assert "attachment" in r["Content-Disposition"]
    assert docx.Document(io.BytesIO(b"".join(r.streaming_content))).paragraphs[3].text == TITLE


def bulletin_docx_type() -> str:
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_the_form_names_a_bad_field(world, login):
    client = login(world.office)
    r = client.post(reverse("inspections:bulletin_create"), {"period_start": "2026-10-31", "period_end": "2026-10-01"})
    assert r.status_code == 200
    assert "period_end" in r.context["form"].errors and not Bulletin.objects.exists()


def test_a_running_row_polls_every_two_seconds(world, login):
    b = Bulletin.objects.create(unit=world.a, title=TITLE, period_start=START, period_end=END, progress=40,
                                status=Bulletin.Status.RUNNING)  # fmt: skip
    row = login(world.office).get(reverse("inspections:bulletin_status", args=[b.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in row and "40%" in row
    assert login(world.office).get(reverse("inspections:bulletin_download", args=[b.pk])).status_code == 404


def test_list_queries_do_not_grow_with_bulletins(world, login):
    client = login(world.office)
    url = reverse("inspections:bulletin_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    Bulletin.objects.create(unit=world.a, title=TITLE, period_start=START, period_end=END, created_by=world.office)
    one = count()
    for _ in range(6):
        Bulletin.objects.create(unit=world.a, title=TITLE, period_start=START, period_end=END, created_by=world.office)
    assert count() == one


# --- scope ----------------------------------------------------------------------------------


@pytest.fixture
def done_bulletins(world, generate, october):
    return {"a": generate(world.office, world.a), "b": generate(world.supervisor, world.b)}


@pytest.mark.parametrize("who", ["office", "head", "inspector", "secretary", "staff", "nobody"])
def test_hospital_a_users_never_reach_hospital_b_bulletins(done_bulletins, world, login, who):
    client = login(getattr(world, who))
    b = done_bulletins["b"]
    assert b.title not in client.get(reverse("inspections:bulletin_list")).content.decode()
    assert client.get(reverse("inspections:bulletin_status", args=[b.pk])).status_code == 404
    assert client.get(reverse("inspections:bulletin_download", args=[b.pk])).status_code == 404


@pytest.mark.parametrize(("who", "sees"), [("head", True), ("inspector", True), ("staff", False)])
def test_unit_bulletins_for_heads_not_staff(done_bulletins, world, login, who, sees):
    client = login(getattr(world, who))
    a = done_bulletins["a"]
    assert (a.title in client.get(reverse("inspections:bulletin_list")).content.decode()) is sees
    assert client.get(reverse("inspections:bulletin_download", args=[a.pk])).status_code == (200 if sees else 404)


@pytest.mark.parametrize("who", ["head", "inspector", "staff", "nobody"])
def test_only_the_office_and_supervisors_request(world, login, who):
    client = login(getattr(world, who))
    assert client.get(reverse("inspections:bulletin_create")).status_code == 403
    r = client.post(reverse("inspections:bulletin_create"), {"period_start": "2026-10-01", "period_end": "2026-10-31"})
    assert r.status_code == 403 and not Bulletin.objects.exists()


def test_supervisor_sees_the_region_and_must_pick_a_unit(done_bulletins, world, login):
    client = login(world.supervisor)
    page = client.get(reverse("inspections:bulletin_list")).content.decode()
    assert done_bulletins["a"].title in page and "青溪县中医医院" in page
    form = client.get(reverse("inspections:bulletin_create")).content.decode()
    assert 'data-testid="bulletin-choose-unit"' in form


def test_stored_files_live_under_the_media_root(done_bulletins, settings):
    path = Path(settings.MEDIA_ROOT) / done_bulletins["a"].file.name
    assert path.is_file() and path.stat().st_size > 0
