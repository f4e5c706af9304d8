"""The 医德医风考评表 comes from a template the office owns (issue 16, "Templates the office owns"):
the office's uploaded template (its letterhead, another closing line) makes its next 考评表 and no
other unit's; a template that does not render is refused with the reason; the PDF is the one
converter's, and a missing LibreOffice is a clear 503, never a 500."""

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.core.roles import Role
from chuangwen.ethics import documents, form_template, services
from chuangwen.reports import documents as kinds
from chuangwen.reports.models import DocumentTemplate
from chuangwen.reports.pdf import ConversionFailed
from tests import factories as f
from tests.document_kinds import download, office_edit, refusal, texts, upload, with_tag

KIND = form_template.KIND


@pytest.fixture
def two(world, evaluation):
    """Hospital A's evaluation, and hospital B's with its own office."""
    w = world
    w.evaluation = evaluation
    w.b_office = f.user("b_office")
    f.member(w.b_office, Role.OFFICE, unit=w.b)
    rules_b = services.ruleset_publish(rule_set=services.ruleset_create(unit=w.b, year=2026))
    w.evaluation_b = services.evaluation_open(
        unit=w.b, year=2026, rule_set=rules_b, departments=[w.b_med], by=w.b_office
    )
    return w


def _form(client, evaluation, person, **query):
    row = evaluation.rows.get(person=person)
    response = client.get(reverse("ethics:row_form", args=[evaluation.pk, row.pk]), query)
    assert response.status_code == 200
    return response.content


def test_an_offices_template_changes_its_next_form_and_no_other_units(two, login, client):
    w = two
    login(w.office)
    default = download(client, KIND)
    assert default == form_template.default_template()
    before = texts(_form(client, w.evaluation, w.a_p1))
    edited = office_edit(
        default, letterhead="青溪县人民医院医德医风考评专用", closing="（本表一式两份，存入个人医德档案）"
    )
    assert upload(client, KIND, edited).status_code == 302
    assert DocumentTemplate.objects.get().unit == w.a

    ours = texts(_form(client, w.evaluation, w.a_p1))
    assert ours[0] == "青溪县人民医院医德医风考评专用" and "（本表一式两份，存入个人医德档案）" in ours
    assert [
        t for t in ours if t not in ("青溪县人民医院医德医风考评专用", "（本表一式两份，存入个人医德档案）")
    ] == before
    login(w.b_office)
    theirs = texts(_form(client, w.evaluation_b, w.b_p1))
    assert theirs[0] == "2026年度医务人员医德考评表" and "青溪县人民医院医德医风考评专用" not in theirs
    assert download(client, KIND) == form_template.default_template()
    events = AuditEvent.objects.filter(action="download", detail__kind="ethics_form")
    assert sorted(e.actor_id for e in events) == sorted([w.office.pk, w.office.pk, w.b_office.pk])


@pytest.mark.parametrize(
    ("tag", "reason"),
    [("{{ salary }}", "salary"), ("{% for x in figures %}没有结束的循环", "标签")],
)
def test_a_template_that_does_not_render_is_refused_with_the_reason(world, login, client, tag, reason):
    login(world.office)
    errors = refusal(upload(client, KIND, with_tag(form_template.default_template(), tag)))
    assert any("模板无法生成医德医风考评表" in e and reason in e for e in errors), errors
    assert not DocumentTemplate.objects.exists()


def test_the_form_says_what_the_row_holds(two):
    row = two.evaluation.rows.select_related("evaluation__unit", "person", "department").get(person=two.a_p1)
    row.self_text, row.department_comment = "恪守医德。\n廉洁行医。", "工作认真负责"
    fields = documents.row_fields(row)
    assert fields["self_text"] == ["恪守医德。", "廉洁行医。"] and fields["veto"] == "无"
    assert {name for name, _label in kinds.kind_get(KIND).fields} == set(fields)
    assert any("恪守医德。\n廉洁行医。\n自评等次" in t for t in texts(documents.row_form(row)))


def test_without_libreoffice_the_pdf_is_a_clear_503(two, login, client, monkeypatch):
    def missing(content):
        raise ConversionFailed("LibreOffice (soffice) is not installed")

    monkeypatch.setattr(kinds, "docx_to_pdf", missing)
    login(two.office)
    row = two.evaluation.rows.get(person=two.a_p1)
    response = client.get(reverse("ethics:row_form", args=[two.evaluation.pk, row.pk]), {"format": "pdf"})
    assert response.status_code == 503 and "请下载 Word 文档" in response.content.decode()
