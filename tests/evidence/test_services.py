"""Services: submit, review (office only, reason required to return), resubmission as a new
round keeping earlier files, archive without deleting, history, compliance and task status."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from chuangwen.campaigns.models import Task
from chuangwen.dashboard.models import Notification
from chuangwen.evidence import services
from chuangwen.evidence.models import Evidence, EvidenceFile, ItemCompliance

from .conftest import pdf, photo


def _compliance(ledger, item):
    return ItemCompliance.objects.get(campaign=ledger.campaign, item=item)


def test_who_may_create_evidence_for_a_task(world, ledger, make_evidence):
    for user in (world.office, world.head, world.staff):
        assert make_evidence(user, files=[photo()]).created_by == user
    for user in (world.inspector, world.secretary, world.supervisor, world.nobody):
        with pytest.raises(PermissionDenied):
            make_evidence(user)
    with pytest.raises(PermissionDenied):  # head of 内科 on a 外科 task
        make_evidence(world.head, task=ledger.task_surg)
    with pytest.raises(PermissionDenied):  # office of A on a task of B
        make_evidence(world.office, task=ledger.task_b)


def test_item_must_be_one_of_the_tasks_items(world, ledger, make_evidence):
    with pytest.raises(ValidationError) as exc:
        make_evidence(world.office, item=ledger.item_plain)
    assert "item" in exc.value.message_dict


def test_submit_needs_a_file(world, ledger, make_evidence):
    e = make_evidence(world.head)
    with pytest.raises(ValidationError):
        services.evidence_submit(evidence=e, user=world.head)


def test_full_round_trip_keeps_every_version(world, ledger, make_evidence, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        e = make_evidence(world.head, files=[photo("一.jpg")], submit=True)
    e.refresh_from_db()
    assert e.status == Evidence.Status.SUBMITTED and e.version == 1
    assert Task.objects.get(pk=ledger.task.pk).status == Task.Status.SUBMITTED
    assert Notification.objects.filter(user=world.office, kind="evidence_submitted").exists()

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.evidence_review(evidence=e, user=world.office, accept=False, reason="  ")
    assert exc.value.message_dict == {"reason": ["A reason is required to return evidence."]}

    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_review(evidence=e, user=world.office, accept=False, reason="照片不足两张")
    e.refresh_from_db()
    assert e.status == Evidence.Status.RETURNED and e.review_comment == "照片不足两张"
    assert Task.objects.get(pk=ledger.task.pk).status == Task.Status.RETURNED
    note = Notification.objects.get(user=world.head, kind="evidence_returned")
    assert "照片不足两张" in note.body and note.url == f"/evidence/{e.pk}/"

    services.evidence_add_file(evidence=e, user=world.head, upload=photo("二.jpg"))
    services.evidence_submit(evidence=e, user=world.head)
    e.refresh_from_db()
    assert e.version == 2 and e.status == Evidence.Status.SUBMITTED
    # Round 2 holds round 1's photo (carried over on return) and the new one.
    files = sorted((f.version, f.original_name) for f in e.files.all())
    assert files == [(1, "一.jpg"), (2, "一.jpg"), (2, "二.jpg")]

    services.evidence_review(evidence=e, user=world.office, accept=True)
    e.refresh_from_db()
    assert e.status == Evidence.Status.ACCEPTED
    c = _compliance(ledger, ledger.item_photos)
    assert (c.status, c.accepted_count, c.unmet_reasons) == ("met", 1, [])
    # The task has a second item (文号) not yet met, so it is not accepted yet.
    assert Task.objects.get(pk=ledger.task.pk).status == Task.Status.IN_PROGRESS
    statuses = list(e.history.order_by("history_date", "history_id").values_list("status", "history_user__username"))
    assert ("returned", "office") in statuses and ("accepted", "office") in statuses
    assert statuses[0] == ("draft", "head")


def test_task_accepted_when_all_items_met(world, ledger, make_evidence):
    e1 = make_evidence(world.office, files=[photo(), photo("b.jpg")], submit=True)
    e2 = make_evidence(world.office, item=ledger.item_doc, files=[pdf()], doc_number="青医发〔2026〕12号", submit=True)
    services.evidence_review(evidence=e1, user=world.office, accept=True)
    assert Task.objects.get(pk=ledger.task.pk).status == Task.Status.SUBMITTED
    services.evidence_review(evidence=e2, user=world.office, accept=True)
    assert Task.objects.get(pk=ledger.task.pk).status == Task.Status.ACCEPTED


def test_partial_compliance_lists_reasons(world, ledger, make_evidence, settings):
    settings.LANGUAGE_CODE = "en"
    e = make_evidence(world.office, files=[photo()], submit=True)
    services.evidence_review(evidence=e, user=world.office, accept=True)
    c = _compliance(ledger, ledger.item_photos)
    assert c.status == "partial"
    assert c.unmet_reasons == ["Not enough photos: 2 needed, 1 present"]
    e2 = make_evidence(world.office, item=ledger.item_doc, files=[pdf()], occurred_on=date(2020, 1, 1), submit=True)
    services.evidence_review(evidence=e2, user=world.office, accept=True)
    assert _compliance(ledger, ledger.item_doc).unmet_reasons == [
        "Missing document number",
        "Out of the time window: must be within the last 24 months",
    ]


def test_only_the_office_reviews(world, ledger, make_evidence):
    e = make_evidence(world.head, files=[photo()], submit=True)
    for user in (world.head, world.staff, world.inspector, world.supervisor):
        with pytest.raises(PermissionDenied):
            services.evidence_review(evidence=e, user=user, accept=True)


def test_submitted_evidence_cannot_be_changed(world, ledger, make_evidence):
    e = make_evidence(world.head, files=[photo()], submit=True)
    with pytest.raises(ValidationError):
        services.evidence_add_file(evidence=e, user=world.head, upload=photo())
    with pytest.raises(ValidationError):
        services.evidence_update(evidence=e, user=world.head, title="x", occurred_on=date.today())


def test_archive_keeps_rows_and_updates_compliance(world, ledger, make_evidence):
    e = make_evidence(world.office, files=[photo(), photo("b.jpg")], submit=True)
    services.evidence_review(evidence=e, user=world.office, accept=True)
    assert _compliance(ledger, ledger.item_photos).status == "met"
    with pytest.raises(ValidationError):  # the department may only archive drafts
        services.evidence_archive(evidence=e, user=world.head)
    services.evidence_archive(evidence=e, user=world.office)
    e.refresh_from_db()
    assert e.is_archived and e.archived_by == world.office
    assert EvidenceFile.objects.filter(evidence=e).count() == 2
    assert _compliance(ledger, ledger.item_photos).status == "unmet"
    assert e.history.filter(archived_at__isnull=False, history_user=world.office).exists()
    assert Task.objects.get(pk=ledger.task.pk).status == Task.Status.PENDING


def test_department_archives_its_draft_and_a_file(world, ledger, make_evidence):
    e = make_evidence(world.head, files=[photo(), photo("b.jpg")])
    f = e.files.first()
    services.evidence_file_archive(file=f, user=world.head)
    f.refresh_from_db()
    assert f.is_archived and EvidenceFile.objects.filter(pk=f.pk).exists()
    services.evidence_archive(evidence=e, user=world.head)
    assert Evidence.objects.get(pk=e.pk).is_archived


def test_staff_reaches_only_the_tasks_they_are_responsible_for(world, ledger, make_evidence):
    mine = make_evidence(world.staff, files=[photo()])
    other = make_evidence(world.office, task=ledger.task_surg, files=[photo()])
    visible = set(Evidence.objects.visible_to(world.staff).values_list("pk", flat=True))
    assert mine.pk in visible and other.pk not in visible


def test_document_kind_chosen_on_upload_and_attestations_ticked_on_review(world, ledger, make_evidence, settings):
    """Issue 13: 材料类别 tagged on upload, 须见 ticked by the reviewer, both kept and checked."""
    settings.LANGUAGE_CODE = "en"
    ledger.item_doc.rules = [
        {"type": "doc_kinds", "kinds": ["会议纪要", "方案"]},
        {"type": "attestations", "items": ["落款处加盖单位印章"]},
    ]
    ledger.item_doc.save()
    with pytest.raises(ValidationError) as exc:
        make_evidence(world.office, item=ledger.item_doc, files=[pdf()], doc_kind="签到表")
    assert "doc_kind" in exc.value.message_dict
    e1 = make_evidence(world.office, item=ledger.item_doc, files=[pdf()], doc_kind="会议纪要", submit=True)
    services.evidence_review(evidence=e1, user=world.office, accept=True)
    compliance = _compliance(ledger, ledger.item_doc)
    assert compliance.status == "partial"
    assert compliance.unmet_reasons == ["Not confirmed by the reviewer (落款处加盖单位印章): 3月政治学习"]
    e2 = make_evidence(world.office, item=ledger.item_doc, files=[pdf()], doc_kind="方案", submit=True)
    services.evidence_review(evidence=e2, user=world.office, accept=True, attested=["落款处加盖单位印章", "其他"])
    assert Evidence.objects.get(pk=e2.pk).attested == ["落款处加盖单位印章"]
    Evidence.objects.filter(pk=e1.pk).update(archived_at="2026-01-01T00:00:00Z")
    services.compliance_recompute(campaign=ledger.campaign, item=ledger.item_doc)
    assert _compliance(ledger, ledger.item_doc).status == "met"
