"""The API of generated documents, scoped like the pages: generate the plan, read its job status,
download it; list and upload templates. Another hospital's records are not found."""

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from chuangwen.audit.models import AuditEvent
from chuangwen.reports import documents, plan
from chuangwen.reports.models import DocumentTemplate, GeneratedDocument

from .test_document_templates import _with_letterhead


def test_generate_the_plan_follow_its_job_and_download_it(plan_world, call):
    w = plan_world
    r = call(w.office, "post", f"/api/reports/campaigns/{w.campaign.pk}/plan")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind"] == "plan" and body["pdf_status"] == "queued" and body["pdf_url"] is None
    assert body["title"] == "青溪县人民医院2026年创建市级文明单位工作方案" and body["template_version"] is None
    status = call(w.office, "get", f"/api/reports/documents/{body['id']}")
    assert status.status_code == 200 and status.json()["sha256"] == body["sha256"]
    listed = call(w.head, "get", f"/api/reports/campaigns/{w.campaign.pk}/plans").json()
    assert [d["id"] for d in listed] == [body["id"]]
    file = call(w.head, "get", body["docx_url"])
    assert file.status_code == 200
    assert docx.Document(io.BytesIO(b"".join(file.streaming_content))).paragraphs[0].text == "青溪县人民医院"
    assert AuditEvent.objects.get(action="download").detail == {
        "kind": "document_plan",
        "via": "api",
        "file": "青溪县人民医院2026年创建市级文明单位工作方案.docx",
    }
    assert call(w.office, "get", f"/api/reports/documents/{body['id']}/pdf").status_code == 404  # not ready


def test_another_hospital_cannot_generate_see_or_download(plan_world, call):
    w = plan_world
    document_id = call(w.office, "post", f"/api/reports/campaigns/{w.campaign.pk}/plan").json()["id"]
    assert call(w.office_b, "post", f"/api/reports/campaigns/{w.campaign.pk}/plan").status_code == 404
    assert call(w.office_b, "get", f"/api/reports/campaigns/{w.campaign.pk}/plans").status_code == 404
    for path in ("", "/docx", "/pdf"):
        assert call(w.office_b, "get", f"/api/reports/documents/{document_id}{path}").status_code == 404
    # Visible but not theirs to change: 403.
    assert call(w.head, "post", f"/api/reports/campaigns/{w.campaign.pk}/plan").status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_templates_list_download_and_upload(plan_world, call):
    w = plan_world
    rows = call(w.office, "get", f"/api/reports/templates?unit={w.a.pk}").json()
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["plan"]["version"] is None and by_kind["plan"]["may_upload"]
    assert "annex_rows" in by_kind["plan"]["fields"] and "bulletin" in by_kind
    content = _with_letterhead(plan.default_template(), "青溪县人民医院文件")
    upload = SimpleUploadedFile("方案模板.docx", content, content_type=documents.DOCX_TYPE)
    r = call(w.office, "post", f"/api/reports/templates?kind=plan&unit={w.a.pk}", data={"file": upload})
    assert r.status_code == 201, r.content
    assert r.json()["version"] == 1 and r.json()["original_name"] == "方案模板.docx"
    got = call(w.office, "get", f"/api/reports/templates/download?kind=plan&unit={w.a.pk}")
    assert got.status_code == 200 and got.content == content
    assert call(w.office, "get", f"/api/reports/templates/download?kind=plan&unit={w.a.pk}&default=true").content == (
        plan.default_template()
    )
    body = call(w.office, "post", f"/api/reports/campaigns/{w.campaign.pk}/plan").json()
    assert body["template_version"] == 1


def test_a_template_that_does_not_render_is_refused_by_the_api(plan_world, call):
    w = plan_world
    d = docx.Document(io.BytesIO(plan.default_template()))
    d.add_paragraph("{{ no_such_field }}")
    out = io.BytesIO()
    d.save(out)
    upload = SimpleUploadedFile("坏模板.docx", out.getvalue(), content_type=documents.DOCX_TYPE)
    r = call(w.office, "post", f"/api/reports/templates?kind=plan&unit={w.a.pk}", data={"file": upload})
    assert r.status_code == 422
    assert "no_such_field" in r.json()["message"] + str(r.json().get("errors"))
    assert not DocumentTemplate.objects.exists()


def test_another_units_templates_are_not_reached(plan_world, call):
    w = plan_world
    for path in ("/api/reports/templates?", "/api/reports/templates/download?kind=plan&"):
        r = call(w.office_b, "get", f"{path}unit={w.a.pk}")
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "unit", r.content
    upload = SimpleUploadedFile("x.docx", plan.default_template(), content_type=documents.DOCX_TYPE)
    assert (
        call(w.office_b, "post", f"/api/reports/templates?kind=plan&unit={w.a.pk}", data={"file": upload}).status_code
        == 422
    )
    assert call(w.head, "get", f"/api/reports/templates?unit={w.a.pk}").status_code == 403
    assert not DocumentTemplate.objects.exists()
