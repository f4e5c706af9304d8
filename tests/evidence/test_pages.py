"""Pages: upload on a task, detail, review by the office (403 for others), downloads only
through the permission-checked view, and a review queue with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.evidence import services
from chuangwen.evidence.models import Evidence

from .conftest import jpeg_bytes, pdf, photo


def test_create_page_shows_rules_and_camera_input(world, ledger, login):
    r = login(world.head).get(reverse("evidence:evidence_create", args=[ledger.task.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'capture="environment"' in html and "multiple" in html
    assert 'data-testid="rules"' in html


def test_upload_and_submit_through_the_page(world, ledger, login):
    client = login(world.head)
    r = client.post(
        reverse("evidence:evidence_create", args=[ledger.task.pk]),
        {
            "item": ledger.item_photos.pk,
            "title": "3月政治学习",
            "occurred_on": "2026-03-15",
            "doc_number": "",
            "note": "全科参加",
            "files": [photo("a.jpg"), photo("b.jpg"), pdf()],
            "submit": "1",
        },
    )
    e = Evidence.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("evidence:evidence_detail", args=[e.pk])
    assert e.status == "submitted" and e.files.count() == 3 and e.created_by == world.head
    detail = client.get(r["Location"])
    assert detail.status_code == 200
    assert 'data-testid="review-form"' not in detail.content.decode()


def test_bad_file_is_reported_and_nothing_is_written(world, ledger, login):
    r = login(world.head).post(
        reverse("evidence:evidence_create", args=[ledger.task.pk]),
        {
            "item": ledger.item_photos.pk,
            "title": "x",
            "occurred_on": "2026-03-15",
            "files": [photo("a.jpg"), pdf("伪装.jpg")],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 200
    assert "伪装.jpg" in r.content.decode()
    assert not Evidence.objects.exists()


def test_office_reviews_on_the_page_and_head_gets_403(world, ledger, login, make_evidence):
    e = make_evidence(world.head, files=[photo()], submit=True)
    url = reverse("evidence:evidence_review", args=[e.pk])
    assert login(world.head).post(url, {"decision": "accept"}).status_code == 403
    client = login(world.office)
    page = client.get(reverse("evidence:evidence_detail", args=[e.pk]))
    assert 'data-testid="review-form"' in page.content.decode()
    client.post(url, {"decision": "return", "reason": ""})
    assert Evidence.objects.get(pk=e.pk).status == "submitted"
    r = client.post(url, {"decision": "return", "reason": "缺少签到表"})
    assert r.status_code == 302
    assert Evidence.objects.get(pk=e.pk).status == "returned"


def test_download_headers_and_pdf_as_attachment(world, ledger, login, make_evidence):
    e = make_evidence(world.head, files=[pdf("会议通知.pdf")])
    f = e.files.get()
    r = login(world.head).get(reverse("evidence:file_download", args=[f.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"] == "attachment; filename*=utf-8''%E4%BC%9A%E8%AE%AE%E9%80%9A%E7%9F%A5.pdf"
    assert b"".join(r.streaming_content).startswith(b"%PDF-")


def test_thumbnail_view(world, ledger, login, make_evidence):
    e = make_evidence(world.head, files=[photo()])
    f = e.files.get()
    r = login(world.head).get(reverse("evidence:file_thumbnail", args=[f.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"


def test_anonymous_is_sent_to_login(world, ledger, client, make_evidence):
    e = make_evidence(world.head, files=[photo()])
    f = e.files.get()
    for url in (
        reverse("evidence:file_download", args=[f.pk]),
        reverse("evidence:file_thumbnail", args=[f.pk]),
        reverse("evidence:evidence_detail", args=[e.pk]),
    ):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_archived_files_stay_for_the_office_only(world, ledger, login, make_evidence):
    e = make_evidence(world.head, files=[photo()], submit=True)
    services.evidence_archive(evidence=e, user=world.office)
    f = e.files.get()
    assert login(world.office).get(reverse("evidence:file_download", args=[f.pk])).status_code == 200
    assert login(world.head).get(reverse("evidence:file_download", args=[f.pk])).status_code == 404


def test_returned_and_resubmitted_rounds_shown(world, ledger, login, make_evidence):
    e = make_evidence(world.head, files=[photo("一.jpg")], submit=True)
    services.evidence_review(evidence=e, user=world.office, accept=False, reason="不清晰")
    client = login(world.head)
    r = client.post(
        reverse("evidence:evidence_update", args=[e.pk]),
        {
            "item": ledger.item_photos.pk,
            "title": e.title,
            "occurred_on": "2026-03-15",
            "files": [photo("二.jpg")],
            "submit": "1",
        },
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.version == 2 and e.status == "submitted"
    html = client.get(reverse("evidence:evidence_detail", args=[e.pk])).content.decode()
    assert "一.jpg" in html and "二.jpg" in html and "不清晰" in html


def test_rules_preview_marks_doc_number(world, ledger, login):
    url = reverse("evidence:rules_preview", args=[ledger.task.pk])
    client = login(world.head)
    bad = client.get(url, {"item": ledger.item_doc.pk, "occurred_on": "2026-03-01", "doc_number": "12号"})
    good = client.get(
        url, {"item": ledger.item_doc.pk, "occurred_on": "2026-03-01", "doc_number": "青医发〔2026〕12号"}
    )
    assert bad.content.decode().count('data-met="0"') > good.content.decode().count('data-met="0"')


def _submit_many(world, ledger, n):
    for i in range(n):
        e = Evidence.objects.create(
            campaign=ledger.campaign,
            unit=world.a,
            department=world.a_med if i % 2 else world.a_surg,
            task=ledger.task,
            item=ledger.item_photos,
            title=f"记录{i}",
            occurred_on="2026-03-01",
            status="submitted",
            submitted_by=world.head,
            submitted_at="2026-03-02T10:00:00+08:00",
        )
        e.files.create(
            unit=world.a,
            department=e.department,
            file="x.pdf",
            original_name="x.pdf",
            kind="pdf",
            content_type="x",
            size=1,
            sha256="0",
        )


@pytest.mark.parametrize("page", ["evidence:review_queue", "evidence:evidence_list"])
def test_list_pages_use_a_fixed_number_of_queries(world, ledger, login, page):
    client = login(world.office)
    url = reverse(page) + f"?department={world.a_med.pk}"
    _submit_many(world, ledger, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _submit_many(world, ledger, 70)
    with CaptureQueriesContext(connection) as many:
        r = client.get(url)
        assert r.status_code == 200
    assert "记录" in r.content.decode()
    assert len(many) == len(few)


def test_review_queue_is_office_only(world, ledger, login):
    assert login(world.head).get(reverse("evidence:review_queue")).status_code == 200
    page = login(world.head).get(reverse("evidence:review_queue")).content.decode()
    assert "暂无待审核的台账。" in page and "?next=queue" not in page  # an empty queue: nothing to review


def test_phone_jpeg_without_extension_is_accepted(world, ledger, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = login(world.head).post(
        reverse("evidence:evidence_create", args=[ledger.task.pk]),
        {
            "item": ledger.item_photos.pk,
            "title": "病区环境",
            "occurred_on": "2026-03-15",
            "files": [SimpleUploadedFile("blob", jpeg_bytes(), "application/octet-stream")],
        },
    )
    assert r.status_code == 302
    assert Evidence.objects.get().files.get().content_type == "image/jpeg"


def test_task_panel_lists_evidence_rules_and_upload_button(world, ledger, rf, make_evidence):
    from django.template import Context
    from django.template.loader import get_template

    template = get_template("evidence/_task_panel.html").template

    e = make_evidence(world.head, files=[photo()], submit=True)
    services.evidence_review(evidence=e, user=world.office, accept=True)
    for user, can_add in ((world.head, True), (world.inspector, False)):
        request = rf.get("/")
        request.user = user
        html = template.render(Context({"task": ledger.task, "request": request}))
        assert e.title in html and 'data-testid="rules"' in html
        assert ('data-testid="add-evidence"' in html) is can_add
        assert 'data-met="0"' in html  # one photo of two: the photo rule is unmet


def test_document_kind_on_upload_and_attestations_on_review_pages(world, ledger, login, make_evidence):
    """Issue 13: the item's 材料类别 are offered on upload, its 须见 are ticked on review."""
    ledger.item_doc.rules = [
        {"type": "doc_kinds", "kinds": ["会议纪要", "方案"]},
        {"type": "attestations", "items": ["落款处加盖单位印章", "照片显示单位名称"]},
    ]
    ledger.item_doc.save()
    client = login(world.head)
    html = client.get(reverse("evidence:evidence_create", args=[ledger.task.pk])).content.decode()
    assert 'name="doc_kind"' in html and "会议纪要" in html
    r = client.post(
        reverse("evidence:evidence_create", args=[ledger.task.pk]),
        {
            "item": ledger.item_doc.pk,
            "title": "党委会纪要",
            "occurred_on": "2026-03-15",
            "doc_kind": "会议纪要",
            "files": [pdf()],
            "submit": "1",
        },
    )
    e = Evidence.objects.get()
    assert r.status_code == 302 and e.doc_kind == "会议纪要"
    office = login(world.office)
    page = office.get(reverse("evidence:evidence_detail", args=[e.pk])).content.decode()
    assert 'data-testid="review-attestations"' in page and "照片显示单位名称" in page
    r = office.post(
        reverse("evidence:evidence_review", args=[e.pk]), {"decision": "accept", "attested": ["落款处加盖单位印章"]}
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.status == "accepted" and e.attested == ["落款处加盖单位印章"]
