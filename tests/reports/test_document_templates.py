"""文档模板: the office downloads its plan template, changes the letterhead in Word and uploads it
back; its next plan carries the new letterhead and no other unit's does (acceptance 5); a file
that is not a .docx or a template that does not render is refused with the reason and nothing
is stored; versions are kept and an older one is restored by uploading it again."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangwen.reports import documents, plan, services
from chuangwen.reports.models import DocumentTemplate

from .test_plan import read

DOCX = documents.DOCX_TYPE
DETAIL = reverse("reports:template_detail", args=["plan"])
DOWNLOAD = reverse("reports:template_download", args=["plan"])


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_letterhead(content: bytes, letterhead: str) -> bytes:
    """What an office does in Word: its own 红头 instead of the default one, another font."""
    d = docx.Document(io.BytesIO(content))
    first = d.paragraphs[0]
    for run in first.runs[1:]:
        run.text = ""
    first.runs[0].text = letterhead
    d.styles["Normal"].font.name = "宋体"
    return _bytes(d)


def _upload(client, content: bytes, name="工作方案模板.docx"):
    return client.post(DETAIL, {"file": SimpleUploadedFile(name, content, content_type=DOCX)})


def test_an_offices_letterhead_changes_its_next_plan_and_no_other_units(plan_world, login, client):
    w = plan_world
    login(w.office)
    r = client.get(DOWNLOAD)
    assert r.status_code == 200 and r["Content-Type"] == DOCX and "attachment" in r["Content-Disposition"]
    assert r.content == plan.default_template()
    assert _upload(client, _with_letterhead(r.content, "青溪县人民医院文件")).status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.unit, template.kind, template.version) == (w.a, "plan", 1)

    ours = services.plan_generate(user=w.office, campaign=w.campaign)
    theirs = services.plan_generate(user=w.office_b, campaign=w.b_campaign)
    assert read(ours).paragraphs[0].text == "青溪县人民医院文件"
    assert ours.template == template
    assert read(theirs).paragraphs[0].text == "青溪县中医医院"  # B still has the default
    assert theirs.template is None
    # The same figures as from the default: only the layout changed.
    assert [p.text for p in read(ours).paragraphs][1:] == [
        p.text for p in read(services.plan_generate(user=w.office, campaign=w.campaign)).paragraphs
    ][1:]


def test_versions_are_kept_and_an_older_one_is_restored_by_uploading_it(plan_world, login, client):
    w = plan_world
    login(w.office)
    first = _with_letterhead(plan.default_template(), "第一版红头")
    _upload(client, first, "v1.docx")
    _upload(client, _with_letterhead(plan.default_template(), "第二版红头"), "v2.docx")
    assert client.get(DOWNLOAD).content != first
    old = client.get(DOWNLOAD + "?version=1")
    assert old.status_code == 200 and old.content == first
    assert client.get(DOWNLOAD + "?version=9").status_code == 404
    assert client.get(DOWNLOAD + "?default=1").content == plan.default_template()
    _upload(client, old.content, "v1.docx")
    assert list(DocumentTemplate.objects.order_by("version").values_list("version", "original_name")) == [
        (1, "v1.docx"),
        (2, "v2.docx"),
        (3, "v1.docx"),
    ]
    assert read(services.plan_generate(user=w.office, campaign=w.campaign)).paragraphs[0].text == "第一版红头"
    page = client.get(DETAIL).content.decode()
    assert "v2.docx" in page and "version=3" in page


@pytest.mark.parametrize(
    ("tag", "reason"),
    [
        ("{{ no_such_field }}", "no_such_field"),
        ("{% if title %}没有结束的判断", "标签"),
        ("{{ title | attr('__class__') }}", "模板无法生成工作方案"),
    ],
)
def test_a_template_that_does_not_render_is_refused_with_the_reason(plan_world, login, client, tag, reason):
    login(plan_world.office)
    d = docx.Document(io.BytesIO(plan.default_template()))
    d.add_paragraph(tag)
    r = _upload(client, _bytes(d))
    assert r.status_code == 200
    errors = r.context["form"].errors["file"]
    assert any("模板无法生成工作方案" in e and reason in e for e in errors), errors
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_not_a_word_document_is_refused(plan_world, login, client):
    login(plan_world.office)
    r = _upload(client, b"not a document at all", "方案.docx")
    assert r.status_code == 200 and r.context["form"].errors["file"]
    assert not DocumentTemplate.objects.exists()


def test_a_units_templates_are_its_own(plan_world, login, client):
    w = plan_world
    login(w.office)
    _upload(client, _with_letterhead(plan.default_template(), "县人民医院红头"))
    # B's office sees only B's (default) template, never A's versions.
    login(w.office_b)
    assert client.get(DOWNLOAD).content == plan.default_template()
    assert client.get(DOWNLOAD + "?version=1").status_code == 404
    assert "县人民医院红头" not in client.get(DETAIL).content.decode()
    # A department head or staff member of A may not reach the templates at all.
    for user in (w.head, w.staff):
        login(user)
        assert client.get(reverse("reports:template_list")).status_code == 403
        assert client.get(DOWNLOAD).status_code == 403
    assert DocumentTemplate.objects.visible_to(w.office_b).count() == 0


def test_the_templates_page_lists_every_kind(plan_world, login, client, django_assert_num_queries):
    login(plan_world.office)
    url = reverse("reports:template_list")
    client.get(url)
    with django_assert_num_queries(6):
        page = client.get(url)
    rows = page.context["rows"]
    names = [r["kind"].name for r in rows]
    assert names[:3] == ["plan", "summary", "bulletin"]
    # The 考评表 and the certificates (ethics, honours, volunteer) are kinds too; more kinds, same queries.
    assert {"ethics_form", "honour_certificate", "volunteer_certificate"} <= set(names)
    assert "医德医风考评表" in page.content.decode() and "志愿服务证明" in page.content.decode()
    assert all(r["current"] is None for r in rows)
    # The office may upload every kind but the bureau's own ranking bulletin.
    assert {r["kind"].name for r in rows if not r["may_upload"]} == {"ranking_bulletin"}
    assert client.get(reverse("reports:template_detail", args=["nothing"])).status_code == 404


def test_the_bulletin_uses_the_same_mechanism(plan_world):
    from chuangwen.inspections import bulletin_templates

    kind = documents.kind_get("bulletin")
    assert kind.template_model._meta.label == "inspections.BulletinTemplate"
    assert documents.template_content(kind, None) == bulletin_templates.default_template()
    documents.template_check(kind, bulletin_templates.default_template())
    documents.template_check(documents.kind_get("plan"), plan.default_template())
