"""The office's certificate templates: on the 文档模板 page the 考评表 and both certificates are
listed; the office uploads a 志愿服务证明 template with a field that does not exist and reads why
it is refused, then its own letterhead, and the next certificate of its staff carries it. The
templates page and a certificate's template page fit a phone."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from chuangwen.volunteer import certificate, services
from tests.document_kinds import office_edit, with_tag
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser
HEAD = "青溪县人民医院志愿服务队"


def _upload(page, path: Path):
    page.get_by_label("模板（.docx）").set_input_files(str(path))
    page.get_by_test_id("template-submit").click()


def test_the_office_uploads_its_certificate_template(page, live_server, e2e_world, tmp_path):
    w = e2e_world
    services.hours_add(person=w.a_p1, user=w.office, hours=Decimal("3"), served_on=date(2026, 3, 5),
                       event_name="学雷锋义诊")  # fmt: skip
    log_in(page, live_server.url, w.office.username)
    page.goto(f"{live_server.url}/reports/templates/")
    kinds = page.get_by_test_id("template-kinds")
    for label in ("医德医风考评表", "荣誉证书", "志愿服务证明"):
        expect(kinds).to_contain_text(label)
    kinds.get_by_role("row", name="志愿服务证明").get_by_role("link", name="版本与上传").click()
    expect(page.get_by_test_id("template-fields")).to_contain_text("issued_on")
    broken = tmp_path / "错误模板.docx"
    broken.write_bytes(with_tag(certificate.default_template(), "{{ hours_total }}"))
    _upload(page, broken)
    expect(page.get_by_text("模板无法生成志愿服务证明")).to_be_visible()
    expect(page.get_by_text("hours_total")).to_be_visible()
    own = tmp_path / "本院志愿服务证明模板.docx"
    own.write_bytes(office_edit(certificate.default_template(), letterhead=HEAD, closing="（加盖公章有效）"))
    _upload(page, own)
    expect(page.get_by_test_id("template-versions")).to_contain_text("本院志愿服务证明模板.docx")

    # The next certificate of a staff member of this hospital carries the letterhead.
    response = page.request.get(f"{live_server.url}/volunteer/people/{w.a_p1.pk}/certificate/?year=2026")
    assert response.ok and response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert docx.Document(io.BytesIO(response.body())).paragraphs[0].text == HEAD


def test_the_templates_pages_fit_a_phone(mobile_page, live_server, e2e_world):
    log_in(mobile_page, live_server.url, e2e_world.office.username)
    for path, text in (
        ("/reports/templates/", "荣誉证书"),
        ("/reports/templates/honour_certificate/", "certificate_no"),
    ):
        mobile_page.goto(f"{live_server.url}{path}")
        expect(mobile_page.locator("main")).to_contain_text(text)
        width = mobile_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways: {width}px"
