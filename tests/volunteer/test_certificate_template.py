"""志愿服务证明 from a template the office owns (issue 16, "Templates the office owns"): the office's
uploaded template (its letterhead, another closing line) makes its next certificates and no other
unit's; a template that does not render is refused with the reason; without LibreOffice the PDF
is a clear 503, never a 500."""

from datetime import date
from decimal import Decimal

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.reports import documents
from chuangwen.reports.models import DocumentTemplate
from chuangwen.reports.pdf import ConversionFailed
from chuangwen.volunteer import certificate, services
from tests.document_kinds import download, office_edit, refusal, texts, upload, with_tag

KIND = certificate.KIND
HEAD = "青溪县人民医院志愿服务队"
CLOSING = "（本证明加盖单位公章后有效）"
URL = "/volunteer/people/{pk}/certificate/?year=2026"


def _hours(w):
    services.hours_add(person=w.a_p1, user=w.office, hours=Decimal("3.5"), served_on=date(2026, 3, 5),
                       event_name="学雷锋义诊")  # fmt: skip
    services.hours_add(person=w.b_p1, user=w.b_office, hours=Decimal("2"), served_on=date(2026, 4, 1),
                       event_name="门诊导医")  # fmt: skip


def test_an_offices_template_changes_its_next_certificate_and_no_other_units(hospital, today, login, client):
    w = hospital
    _hours(w)
    login(w.office)
    default = download(client, KIND)
    assert default == certificate.default_template()
    before = texts(client.get(URL.format(pk=w.a_p1.pk)).content)
    assert upload(client, KIND, office_edit(default, letterhead=HEAD, closing=CLOSING)).status_code == 302
    assert DocumentTemplate.objects.get().unit == w.a

    ours = texts(client.get(URL.format(pk=w.a_p1.pk)).content)
    paragraphs = [t for t in ours if t in (HEAD, CLOSING)]
    assert ours[0] == HEAD and paragraphs == [HEAD, CLOSING]
    assert [t for t in ours if t not in (HEAD, CLOSING)] == before
    assert "累计志愿服务时长3.5小时" in ours[2] and "学雷锋义诊" in ours
    login(w.b_office)
    theirs = texts(client.get(URL.format(pk=w.b_p1.pk)).content)
    assert theirs[0] == "志愿服务证明" and HEAD not in theirs and CLOSING not in theirs
    assert "门诊导医" in theirs and w.b.name in theirs
    events = AuditEvent.objects.filter(action="download", detail__kind="volunteer_certificate")
    assert sorted((e.actor_id, e.target_id) for e in events) == sorted(
        [(w.office.pk, str(w.a_p1.pk))] * 2 + [(w.b_office.pk, str(w.b_p1.pk))]
    )


@pytest.mark.parametrize(
    ("tag", "reason"), [("{{ hours_total }}", "hours_total"), ("{%p for r in rows %}没有结束", "标签")]
)
def test_a_template_that_does_not_render_is_refused_with_the_reason(hospital, login, client, tag, reason):
    login(hospital.office)
    errors = refusal(upload(client, KIND, with_tag(certificate.default_template(), tag)))
    assert any("模板无法生成志愿服务证明" in e and reason in e for e in errors), errors
    assert not DocumentTemplate.objects.exists()


def test_the_fields_are_the_declared_ones(hospital, today):
    fields = certificate.certificate_fields(hospital.a_p1, start=date(2026, 1, 1), end=date(2026, 11, 15))
    assert {name for name, _label in documents.kind_get(KIND).fields} == set(fields)
    assert fields["count"] == 0 and fields["total"] == "0" and fields["rows"] == []


def test_without_libreoffice_the_pdf_is_a_clear_503(hospital, today, login, client, monkeypatch):
    def missing(content):
        raise ConversionFailed("LibreOffice (soffice) is not installed")

    monkeypatch.setattr(documents, "docx_to_pdf", missing)
    response = login(hospital.staff).get(URL.format(pk=hospital.a_p1.pk) + "&format=pdf")
    assert response.status_code == 503 and "请下载 Word 文档" in response.content.decode()
