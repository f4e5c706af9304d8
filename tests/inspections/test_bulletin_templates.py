"""通报模板: the office downloads the Word template, changes letterhead, fonts and closing text,
uploads it back as a new version, and the next bulletin is written from it with the same
figures; a file that is not a safe .docx or a template that does not render is refused with the
reason; versions are kept; a bureau has its own; the template runs sandboxed."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangwen.inspections import bulletin_templates, stats
from chuangwen.inspections.models import Bulletin, BulletinTemplate

from .test_bulletins import END, START, TODAY, read_docx, table_rows, texts
from .test_stats import build_october

PAGE = reverse("inspections:bulletin_template")
DOWNLOAD = reverse("inspections:bulletin_template_download")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def _download(client) -> docx.document.Document:
    r = client.get(DOWNLOAD)
    assert r.status_code == 200 and r["Content-Type"] == DOCX and r["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in r["Content-Disposition"]
    return docx.Document(io.BytesIO(r.content))


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, content: bytes, name="通报模板.docx"):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, content, content_type=DOCX)})


def _office_edit(document) -> bytes:
    """What an office does in Word: a new letterhead line, another font, its own closing."""
    first = document.paragraphs[0]
    first.insert_paragraph_before("青溪县人民医院文件")
    document.styles["Normal"].font.name = "宋体"
    document.add_paragraph("（联系人：张明，电话：0795-1234567）")
    return _bytes(document)


def _generate(user, unit, django_capture_on_commit_callbacks):
    from chuangwen.inspections import bulletins

    with django_capture_on_commit_callbacks(execute=True):
        b = bulletins.bulletin_request(user=user, unit=unit, period_start=START, period_end=END, today=TODAY)
    b.refresh_from_db()
    return b


def test_office_changes_the_template_and_the_next_bulletin_uses_it(world, login, django_capture_on_commit_callbacks):
    build_october(world)
    client = login(world.office)
    assert "默认模板" in client.get(PAGE).content.decode()
    default = _download(client)
    assert texts(default)[0] == "{{ issuer }}" and "{{ summary }}" in texts(default)

    r = _upload(client, _office_edit(default))
    assert r.status_code == 302 and r["Location"] == PAGE
    v1 = BulletinTemplate.objects.get()
    assert (v1.unit, v1.version, v1.uploaded_by, v1.original_name) == (world.a, 1, world.office, "通报模板.docx")
    assert texts(_download(client))[0] == "青溪县人民医院文件"  # the download is now version 1

    b = _generate(world.office, world.a, django_capture_on_commit_callbacks)
    assert b.status == Bulletin.Status.DONE and b.template == v1
    d = read_docx(b)
    paragraphs = texts(d)
    assert paragraphs[:3] == ["青溪县人民医院文件", "青溪县人民医院文明创建办公室", "县人民医院创建办〔2026〕1号"]
    assert paragraphs[-1] == "（联系人：张明，电话：0795-1234567）" and paragraphs[-2] == "2026年11月3日"
    assert d.styles["Normal"].font.name == "宋体"
    # The figures still come from stats, every one.
    findings = stats.period_findings(period=stats.Period(START, END), unit=world.a)
    t = stats.totals(findings, today=TODAY)
    depts = stats.by_department(findings, today=TODAY)
    summary = next(p for p in paragraphs if p.startswith("本期共发现问题"))
    assert f"本期共发现问题{t.total}个" in summary and f"整改率{t.rate_text}" in summary
    rows = table_rows(d.tables[0])
    assert rows[1:-1] == [
        [x.name, str(x.total), str(x.closed), str(x.open), str(x.overdue), x.rate_text, x.avg_days_text, x.points_text]
        for x in depts
    ]
    assert rows[-1] == ["合计", "7", "3", "4", "2", "42.9%", "5.3", "11"]
    assert b.numbers["totals"] == t.as_dict()


def test_versions_are_kept_and_the_newest_is_used(world, login, django_capture_on_commit_callbacks):
    client = login(world.office)
    template = _download(client)
    assert _upload(client, _office_edit(template)).status_code == 302
    first = _generate(world.office, world.a, django_capture_on_commit_callbacks)
    template.add_paragraph("第二版落款")
    assert _upload(client, _bytes(template), name="第二版.docx").status_code == 302
    versions = list(BulletinTemplate.objects.values_list("version", "original_name"))
    assert versions == [(2, "第二版.docx"), (1, "通报模板.docx")]
    assert texts(_download(client))[-1] == "第二版落款"
    second = _generate(world.office, world.a, django_capture_on_commit_callbacks)
    assert (first.template.version, second.template.version) == (1, 2)
    assert texts(read_docx(second))[-1] == "第二版落款"
    page = client.get(PAGE).content.decode()
    assert 'data-testid="template-versions"' in page and "第二版.docx" in page and "通报模板.docx" in page


def _refusal(client, content: bytes, name="模板.docx") -> str:
    r = _upload(client, content, name=name)
    assert r.status_code == 200
    assert not BulletinTemplate.objects.exists()
    return r.context["form"].errors["file"][0]


def test_a_template_that_does_not_render_is_refused_with_the_reason(world, login):
    client = login(world.office)
    misspelt = _download(client)
    misspelt.add_paragraph("{{ isuer }}")
    message = _refusal(client, _bytes(misspelt))
    assert message.startswith("模板无法生成通报") and "isuer" in message and "issuer" in message

    broken = _download(client)
    broken.add_paragraph("{% for x in %}")
    message = _refusal(client, _bytes(broken))
    assert message.startswith("模板无法生成通报") and "标签" in message

    prying = _download(client)  # the sandbox: no way to Python's internals
    prying.add_paragraph("{{ issuer.__class__.__mro__ }}")
    assert _refusal(client, _bytes(prying)).startswith("模板无法生成通报")


def test_a_file_that_is_not_a_safe_docx_is_refused(world, login):
    client = login(world.office)
    assert "不是 Word 文档" in _refusal(client, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    assert "宏" in _refusal(client, _bytes(_download(client)), name="模板.docm")


def test_who_may_change_templates_and_a_bureau_has_its_own(world, login, django_capture_on_commit_callbacks):
    for who in (world.head, world.staff, world.inspector, world.nobody):
        assert login(who).get(PAGE).status_code == 403
        assert login(who).get(DOWNLOAD).status_code == 403
    client = login(world.supervisor)
    bureau = _download(client)
    bureau.add_paragraph("县卫健局落款")
    assert _upload(client, _bytes(bureau)).status_code == 302
    assert BulletinTemplate.objects.get().unit == world.bureau
    # The supervisor's bulletin of hospital A is issued in the bureau's name, from its template;
    # hospital A's office still writes from the default.
    by_bureau = _generate(world.supervisor, world.a, django_capture_on_commit_callbacks)
    assert texts(read_docx(by_bureau))[-1] == "县卫健局落款"
    own = _generate(world.office, world.a, django_capture_on_commit_callbacks)
    assert own.template is None and texts(read_docx(own))[-1] == "2026年11月3日"


def test_the_default_template_renders_the_sample():
    bulletin_templates.template_check(bulletin_templates.default_template())


def test_taking_the_template_is_recorded_in_the_audit_log(world, login):
    from chuangwen.audit.models import Action, AuditEvent

    _download(login(world.office))
    event = AuditEvent.objects.get(action=Action.DOWNLOAD)
    assert (event.actor, event.unit) == (world.office, world.a)
    assert event.detail["kind"] == "bulletin_template" and event.detail["file"].endswith("（默认）.docx")
