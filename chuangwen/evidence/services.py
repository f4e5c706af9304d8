"""Writes of the evidence ledger (台账): create, attach files, submit, review, archive.

Every change runs in a transaction, validates the model, and records the acting user in the
history. Nothing is deleted or overwritten: a returned record is resubmitted as a new round
(``version``) and the files of earlier rounds stay with their round number; archived records and
files stay readable for the office. After each submit, review or archive the compliance of the
affected campaign item (``ItemCompliance``) and the status of the task are brought up to date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuangwen.campaigns.models import Campaign, Task
from chuangwen.core.roles import CHANGE, Role
from chuangwen.core.scoping import can
from chuangwen.dashboard.services import NotificationDraft, notifications_send_on_commit
from chuangwen.org.models import Membership
from chuangwen.scoring import items as item_scores
from chuangwen.standards.models import Item

from . import selectors, uploads
from .models import REVIEW, Evidence, EvidenceFile, ItemCompliance
from .rules import attestations_of, doc_kinds_of

EDITABLE = (Evidence.Status.DRAFT, Evidence.Status.RETURNED)


def _save(obj, user, **kwargs) -> None:
    obj._history_user = user
    obj.save(**kwargs)


def _check_editable(evidence: Evidence, user) -> None:
    if not can(user, evidence, CHANGE):
        raise PermissionDenied
    if evidence.is_archived:
        raise ValidationError(_("This evidence is archived and can no longer be changed."))
    if evidence.status not in EDITABLE:
        raise ValidationError(_("Submitted or accepted evidence can no longer be changed."))


def _check_item(task: Task, item: Item | None) -> Item | None:
    task_items = list(task.items.all())
    if item is None:
        if len(task_items) == 1:
            return task_items[0]
        if task_items:
            raise ValidationError({"item": _("Choose the standard item this evidence is for.")})
        return None
    if item.pk not in {i.pk for i in task_items}:
        raise ValidationError({"item": _("The standard item is not one of this task's items.")})
    return item


def _check_doc_kind(item: Item | None, doc_kind: str) -> str:
    doc_kind = (doc_kind or "").strip()
    kinds = doc_kinds_of([item]) if item is not None else []
    if doc_kind and doc_kind not in kinds:
        raise ValidationError(
            {
                "doc_kind": _("Document kind “%(kind)s” is not one the item asks for (%(kinds)s).")
                % {"kind": doc_kind, "kinds": "、".join(kinds) or "—"}
            }
        )
    return doc_kind


@transaction.atomic
def evidence_create(
    *,
    task: Task,
    user,
    title: str,
    occurred_on: date,
    item: Item | None = None,
    doc_number: str = "",
    note: str = "",
    files: Iterable = (),
    doc_kind: str = "",
) -> Evidence:
    """A draft evidence record for ``task``, by someone who may add evidence to it (the unit's
    office, the head of the task's department, or the task's responsible person), with files."""
    if not selectors.can_add_evidence(user, task):
        raise PermissionDenied
    evidence = Evidence(
        campaign_id=task.campaign_id,
        unit_id=task.unit_id,
        department_id=task.department_id,
        task=task,
        item=_check_item(task, item),
        title=title.strip(),
        occurred_on=occurred_on,
        doc_number=doc_number.strip(),
        note=note.strip(),
        created_by=user,
    )
    evidence.doc_kind = _check_doc_kind(evidence.item, doc_kind)
    evidence.full_clean()
    _save(evidence, user)
    for upload in files:
        evidence_add_file(evidence=evidence, user=user, upload=upload)
    task_sync_status(task=task, user=user)
    return evidence


@transaction.atomic
def evidence_update(
    *,
    evidence: Evidence,
    user,
    title: str,
    occurred_on: date,
    item: Item | None = None,
    doc_number: str = "",
    note: str = "",
    doc_kind: str = "",
) -> Evidence:
    """Change a draft or returned record's details (never a submitted or accepted one)."""
    _check_editable(evidence, user)
    evidence.item = _check_item(evidence.task, item)
    evidence.title = title.strip()
    evidence.occurred_on = occurred_on
    evidence.doc_number = doc_number.strip()
    evidence.doc_kind = _check_doc_kind(evidence.item, doc_kind)
    evidence.note = note.strip()
    evidence.full_clean()
    _save(evidence, user)
    return evidence


def _round_for_new_files(evidence: Evidence) -> int:
    """Files added after a return belong to the next round, so the returned round stays as it
    was reviewed."""
    return evidence.version + 1 if evidence.status == Evidence.Status.RETURNED else evidence.version


@transaction.atomic
def evidence_add_file(*, evidence: Evidence, user, upload) -> EvidenceFile:
    """Attach one file (an uploaded file, or an ``uploads.PreparedUpload`` already checked) to a
    draft or returned record. The file is checked by content, stored under a generated name and
    photos lose their EXIF location. Raises ``ValidationError`` naming the file."""
    _check_editable(evidence, user)
    prepared = upload if isinstance(upload, uploads.PreparedUpload) else uploads.prepare_upload(upload)
    try:
        f = EvidenceFile(
            evidence=evidence,
            unit_id=evidence.unit_id,
            department_id=evidence.department_id,
            version=_round_for_new_files(evidence),
            original_name=prepared.original_name,
            kind=prepared.kind,
            content_type=prepared.type.content_type,
            size=prepared.size,
            sha256=prepared.sha256,
            taken_on=prepared.taken_on,
            uploaded_by=user,
        )
        uploads.store(prepared, f)
        f.full_clean()
        _save(f, user)
    finally:
        prepared.close()
    return f


@transaction.atomic
def evidence_file_archive(*, file: EvidenceFile, user) -> EvidenceFile:
    """Take a file out of a draft or returned record (it is archived, not deleted)."""
    _check_editable(file.evidence, user)
    if file.is_archived:
        return file
    file._history_user = user
    file.archive(by=user)
    return file


@transaction.atomic
def evidence_submit(*, evidence: Evidence, user) -> Evidence:
    """Send a draft (or a returned record, as a new round) to the office for review."""
    _check_editable(evidence, user)
    if not evidence.files.filter(archived_at__isnull=True, version=selectors.working_round(evidence)).exists():
        raise ValidationError(_("Upload at least one file before submitting."))
    if evidence.status == Evidence.Status.RETURNED:
        evidence.version += 1
    evidence.status = Evidence.Status.SUBMITTED
    evidence.submitted_by = user
    evidence.submitted_at = timezone.now()
    evidence.reviewed_by = None
    evidence.reviewed_at = None
    evidence.full_clean()
    _save(evidence, user)
    _notify_reviewers(evidence)
    _after_change(evidence, user)
    return evidence


@transaction.atomic
def evidence_review(*, evidence: Evidence, user, accept: bool, reason: str = "", attested=()) -> Evidence:
    """Accept a submitted record, or return it with a reason; the submitter is notified.
    ``attested``: what the reviewer saw in it, of what the item's ``attestations`` rule lists
    (kept with the record; the rule is met only when every one is ticked)."""
    if not can(user, evidence, REVIEW):
        raise PermissionDenied
    if evidence.status != Evidence.Status.SUBMITTED or evidence.is_archived:
        raise ValidationError(_("Only submitted evidence can be reviewed."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("A reason is required to return evidence.")})
    evidence.status = Evidence.Status.ACCEPTED if accept else Evidence.Status.RETURNED
    evidence.reviewed_by = user
    evidence.reviewed_at = timezone.now()
    evidence.review_comment = reason
    wanted = attestations_of(evidence.item)
    evidence.attested = [a for a in wanted if a in set(attested or ())] if accept else []
    evidence.full_clean()
    _save(evidence, user)
    if not accept:
        _carry_files_forward(evidence, user)
    _notify_submitter(evidence)
    _after_change(evidence, user)
    return evidence


def _carry_files_forward(evidence: Evidence, user) -> None:
    """A returned record's next round starts with the files of the round just reviewed: the
    department removes (archives) what was wrong and adds what was missing, and the photo of
    round 1 stays in the current version without being uploaded again. The copies point at the
    same stored files (never deleted); the returned round keeps its own rows as reviewed."""
    next_round = evidence.version + 1
    kept = list(evidence.files.filter(version=evidence.version, archived_at__isnull=True).order_by("id"))
    for f in kept:
        copy = EvidenceFile(
            evidence=evidence,
            unit_id=f.unit_id,
            department_id=f.department_id,
            version=next_round,
            file=f.file.name,
            thumbnail=f.thumbnail.name,
            original_name=f.original_name,
            kind=f.kind,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            taken_on=f.taken_on,
            uploaded_by_id=f.uploaded_by_id,
        )
        _save(copy, user)


@transaction.atomic
def evidence_archive(*, evidence: Evidence, user) -> Evidence:
    """Archive a record (never delete): the office may archive any; the department only its
    drafts. Its files stay downloadable for the office and in the history."""
    if evidence.is_archived:
        return evidence
    reviewer = can(user, evidence, REVIEW)
    if not reviewer:
        if not can(user, evidence, CHANGE):
            raise PermissionDenied
        if evidence.status != Evidence.Status.DRAFT:
            raise ValidationError(_("Only the campaign office can archive evidence that was submitted."))
    evidence._history_user = user
    evidence.archive(by=user)
    _after_change(evidence, user)
    return evidence


def _after_change(evidence: Evidence, user) -> None:
    if evidence.item_id:
        compliance_recompute(campaign=evidence.campaign, item=evidence.item)
    task_sync_status(task=evidence.task, user=user)
    item_scores.refresh_for_evidence(evidence)


def _reasons_language():
    # Reasons are stored text shown to everyone: in the site's language, not the caller's.
    return translation.override(settings.LANGUAGE_CODE)


def compliance_recompute(*, campaign: Campaign, item: Item, today: date | None = None) -> ItemCompliance:
    """Re-check one campaign item against its rules from its accepted, non-archived evidence
    and keep the result (status, count, reasons) in ``ItemCompliance``."""
    return compliance_recompute_many(campaign=campaign, items=[item], today=today)[0]


def compliance_recompute_many(*, campaign: Campaign, items: Iterable[Item], today: date | None = None):
    """``compliance_recompute`` for several items of a campaign in two queries plus one write
    per item (used after bulk changes, by the demo, and by a periodic refresh: date windows and
    records-per-period move with the calendar)."""
    results = []
    with _reasons_language():
        checked = selectors.item_rules(campaign, items, today=today)
    for entry in checked:
        row, _created = ItemCompliance.objects.update_or_create(
            campaign=campaign,
            item=entry.item,
            defaults={
                "unit_id": campaign.unit_id,
                "status": entry.status,
                "accepted_count": entry.accepted_count,
                "unmet_reasons": entry.reasons,
            },
        )
        results.append(row)
    item_scores.item_scores_refresh(campaign=campaign, items=[r.item for r in checked], today=today)
    return results


def task_sync_status(*, task: Task, user) -> Task:
    """The task's status follows its (non-archived) evidence: returned if any was returned,
    submitted while any awaits review, accepted when evidence was accepted and all the task's
    items are met, in progress while anything else exists, not started when nothing does."""
    counts = Evidence.objects.filter(task=task, archived_at__isnull=True).aggregate(
        total=Count("pk"),
        returned=Count("pk", filter=Q(status=Evidence.Status.RETURNED)),
        submitted=Count("pk", filter=Q(status=Evidence.Status.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=Evidence.Status.ACCEPTED)),
    )
    if counts["returned"]:
        status = Task.Status.RETURNED
    elif counts["submitted"]:
        status = Task.Status.SUBMITTED
    elif counts["accepted"] and _task_items_met(task):
        status = Task.Status.ACCEPTED
    elif counts["total"]:
        status = Task.Status.IN_PROGRESS
    else:
        status = Task.Status.PENDING
    if task.status != status:
        task.status = status
        _save(task, user, update_fields=["status", "updated_at"])
    return task


def _task_items_met(task: Task) -> bool:
    item_ids = list(task.items.values_list("pk", flat=True))
    if not item_ids:
        return True
    met = ItemCompliance.objects.filter(
        campaign_id=task.campaign_id, item_id__in=item_ids, status=ItemCompliance.Status.MET
    ).count()
    return met == len(item_ids)


def _notify(users, *, kind: str, title: str, body: str, url: str) -> None:
    notifications_send_on_commit(
        drafts=[NotificationDraft(uid, kind, title[:200], body, url) for uid in dict.fromkeys(users) if uid]
    )


def _notify_submitter(evidence: Evidence) -> None:
    url = reverse("evidence:evidence_detail", args=[evidence.pk])
    with _reasons_language():
        if evidence.status == Evidence.Status.ACCEPTED:
            title = _("Evidence accepted: %(title)s") % {"title": evidence.title}
            body = ""
        else:
            title = _("Evidence returned: %(title)s") % {"title": evidence.title}
            body = _("Reason: %(reason)s") % {"reason": evidence.review_comment}
    _notify([evidence.submitted_by_id], kind=f"evidence_{evidence.status}", title=title, body=body, url=url)


def _notify_reviewers(evidence: Evidence) -> None:
    offices = Membership.objects.filter(
        unit_id=evidence.unit_id, role=Role.OFFICE, is_active=True, user__is_active=True
    ).values_list("user_id", flat=True)
    url = reverse("evidence:evidence_detail", args=[evidence.pk])
    with _reasons_language():
        title = _("Evidence to review: %(title)s") % {"title": evidence.title}
        body = _("%(department)s submitted it for task %(task)s.") % {
            "department": evidence.department.name,
            "task": evidence.task.title,
        }
    _notify(set(offices), kind="evidence_submitted", title=title, body=body, url=url)
