"""荣誉证书 from a template the office owns (issue 16, "Templates the office owns"): the office's
uploaded template (its letterhead, another closing line) makes its next certificates and no other
unit's; a template that does not render is refused with the reason; without LibreOffice the PDF
is a clear 503."""

import io
import zipfile
from urllib.parse import quote

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.core.roles import Role
from chuangwen.honours import certificates
from chuangwen.honours.models import Nomination, Selection
from chuangwen.reports import documents
from chuangwen.reports.models import DocumentTemplate
from chuangwen.reports.pdf import ConversionFailed
from tests import factories as f
from tests.document_kinds import download, office_edit, refusal, texts, upload, with_tag

KIND = certificates.KIND
HEAD = "青溪县人民医院"
CLOSING = "望再接再厉，再创佳绩。"


@pytest.fixture
def two(hw):
    w = hw
    w.ours = f.nomination(w.sel, person_=w.a_p1, honour_type_=w.nurse_type, certificate_no="2026-001-001")
    w.b_office = f.user("b_office")
    f.member(w.b_office, Role.OFFICE, unit=w.b)
    sel_b = f.selection(w.b, types=[f.honour_type(w.b, name="最美医生")])
    w.theirs = f.nomination(sel_b, person_=w.b_p1, certificate_no="2026-002-001")
    return w


def test_an_offices_template_changes_its_next_certificate_and_no_other_units(two, login, client):
    w = two
    login(w.office)
    default = download(client, KIND)
    assert default == certificates.default_template()
    before = texts(certificates.certificate_docx(w.ours))
    assert upload(client, KIND, office_edit(default, letterhead=HEAD, closing=CLOSING)).status_code == 302
    assert DocumentTemplate.objects.get().unit == w.a

    ours = texts(certificates.certificate_docx(w.ours))
    assert ours == [HEAD, *before, CLOSING]
    assert "李娜 同志：" in ours and "在青溪县人民医院2026年度评先评优活动中，被评为“最满意护士”。" in ours
    theirs = texts(certificates.certificate_docx(w.theirs))
    assert theirs[0] == "荣 誉 证 书" and CLOSING not in theirs and "证书编号：2026-002-001" in theirs
    login(w.b_office)
    assert download(client, KIND) == certificates.default_template()


def test_the_certificate_page_renders_the_units_template_and_is_in_the_audit_log(two, login, client):
    w = two
    Nomination.objects.filter(pk=w.ours.pk).update(status=Nomination.Status.AWARDED)
    login(w.office)
    upload(client, KIND, office_edit(certificates.default_template(), letterhead=HEAD, closing=CLOSING))
    response = client.get(f"/honours/nominations/{w.ours.pk}/certificate/")
    assert response.status_code == 200 and texts(response.content)[0] == HEAD
    event = AuditEvent.objects.get(action="download", detail__kind=KIND)
    assert (event.actor_id, event.target_id, event.unit_id) == (w.office.pk, str(w.ours.pk), w.a.pk)
    assert login(w.b_office).get(f"/honours/nominations/{w.ours.pk}/certificate/").status_code == 404


@pytest.mark.parametrize(
    ("tag", "reason"), [("{{ bonus }}", "bonus"), ("{{ honour | attr('__class__') }}", "荣誉证书")]
)
def test_a_template_that_does_not_render_is_refused_with_the_reason(hw, login, client, tag, reason):
    login(hw.office)
    errors = refusal(upload(client, KIND, with_tag(certificates.default_template(), tag)))
    assert any("模板无法生成荣誉证书" in e and reason in e for e in errors), errors
    assert not DocumentTemplate.objects.exists()


def test_a_departments_certificate(hw):
    n = f.nomination(hw.sel, person_=hw.a_p1, honour_type_=hw.nurse_type)
    n.person = None
    fields = certificates.certificate_fields(n)
    assert fields["recipient"] == "内科" and fields["person_name"] == ""
    assert {name for name, _label in documents.kind_get(KIND).fields} == set(fields)


def test_without_libreoffice_the_pdf_is_a_clear_503(two, login, client, monkeypatch):
    def missing(content):
        raise ConversionFailed("LibreOffice (soffice) is not installed")

    monkeypatch.setattr(documents, "docx_to_pdf", missing)
    response = certificates.certificate_response(two.ours, pdf=True)
    assert response.status_code == 503 and "请下载 Word 文档" in response.content.decode()
    word = certificates.certificate_response(two.ours)
    assert word.status_code == 200 and word["Content-Type"] == documents.DOCX_TYPE
    assert quote("荣誉证书-最满意护士-李娜.docx") in word["Content-Disposition"]


def test_every_certificate_of_a_published_selection_in_one_zip(two, login, client):
    w = two
    other = f.nomination(w.sel, person_=w.nurses[1], honour_type_=w.nurse_type, certificate_no="2026-001-002")
    Nomination.objects.filter(pk__in=[w.ours.pk, other.pk]).update(status=Nomination.Status.AWARDED)
    url = f"/honours/selections/{w.sel.pk}/certificates/"
    login(w.office)
    assert client.get(url).status_code == 404  # not published yet
    Selection.objects.filter(pk=w.sel.pk).update(status=Selection.Status.PUBLISHED)
    upload(client, KIND, office_edit(certificates.default_template(), letterhead=HEAD, closing=CLOSING))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names == ["001-荣誉证书-最满意护士-李娜.docx", "002-荣誉证书-最满意护士-周敏.docx"]
    for name, no in zip(names, ("2026-001-001", "2026-001-002"), strict=True):
        lines = texts(archive.read(name))
        assert lines[0] == HEAD and f"证书编号：{no}" in lines and lines[-1] == CLOSING
    assert AuditEvent.objects.filter(action="download", detail__kind="honour_certificates").count() == 1
    page = client.get(f"/honours/selections/{w.sel.pk}/publicity/").content.decode()
    assert 'data-testid="all-certificates"' in page
    assert login(w.b_office).get(url).status_code == 404
    assert login(w.staff).get(url).status_code == 403
