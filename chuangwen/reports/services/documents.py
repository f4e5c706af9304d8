"""Writes of the inspection materials: the plan's and the summary's texts and the documents
generated from them."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chuangwen.campaigns.models import Campaign
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can

from .. import documents, plan, summary, summary_docx
from ..models import GeneratedDocument, PlanText, SummaryText

logger = logging.getLogger(__name__)

PLAN_TEXT_FIELDS = ("opening", "guiding_idea", "goals", "safeguards")
SUMMARY_TEXT_FIELDS = ("opening", *summary_docx.SECTION_KEYS, "measures")


@transaction.atomic
def plan_text_save(*, user, campaign: Campaign, **texts: str) -> PlanText:
    """Save the office's texts of ``campaign``'s plan (with history: who changed what, when)."""
    if not can(user, campaign, CHANGE):
        raise PermissionDenied
    unknown = set(texts) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan texts: {sorted(unknown)}")
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()  # one first save at a time
    text = PlanText.objects.filter(campaign=campaign).first() or PlanText(campaign=campaign)
    if text.pk is None and "guiding_idea" not in texts:
        text.guiding_idea = campaign.guiding_idea
    for name, value in texts.items():
        setattr(text, name, (value or "").strip())
    text.updated_by = user
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def plan_generate(*, user, campaign: Campaign, today=None) -> GeneratedDocument:
    """Generate ``campaign``'s plan (.docx) from its data, the office's texts and the unit's
    current template (or the default), store it as a new document and queue its PDF on commit."""
    if not can(user, campaign, CHANGE):
        raise PermissionDenied
    kind = documents.kind_get(plan.KIND)
    data = plan.collect(campaign, today=today)
    template = documents.current_template(kind, data.campaign.unit)
    content = documents.render(kind, template, plan.fields(data))
    document = GeneratedDocument(
        unit=data.campaign.unit,
        campaign=data.campaign,
        kind=plan.KIND,
        title=data.title,
        template=template,
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=user,
    )
    document.docx.save(f"plan-{campaign.pk}-{document.sha256[:12]}.docx", ContentFile(content), save=False)
    document.full_clean()
    document.save()
    transaction.on_commit(lambda: _enqueue_pdf(document.pk))
    return document


def _enqueue_pdf(document_id: int) -> None:
    from ..tasks import document_pdf

    document_pdf.enqueue(document_id=document_id)


# --- the year-end summary --------------------------------------------------------------------


@transaction.atomic
def summary_text_save(*, user, campaign: Campaign, **texts: str) -> SummaryText:
    """Save the office's wording of ``campaign``'s summary (with history)."""
    if not can(user, campaign, CHANGE):
        raise PermissionDenied
    unknown = set(texts) - set(SUMMARY_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown summary texts: {sorted(unknown)}")
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()  # one first save at a time
    text = SummaryText.objects.filter(campaign=campaign).first() or SummaryText(campaign=campaign)
    for name, value in texts.items():
        setattr(text, name, (value or "").strip())
    text.updated_by = user
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def summary_generate(*, user, campaign: Campaign) -> GeneratedDocument:
    """Queue the generation of ``campaign``'s summary: a new document row, ``queued``, filled in
    by the background job (``summary_build_run``) once the transaction commits."""
    if not can(user, campaign, CHANGE):
        raise PermissionDenied
    document = GeneratedDocument.objects.create(
        unit=campaign.unit,
        campaign=campaign,
        kind=summary_docx.KIND,
        title=f"{campaign.unit.name}{campaign.year}年工作总结",
        status=GeneratedDocument.Status.QUEUED,
        created_by=user,
    )
    transaction.on_commit(lambda: _enqueue_summary(document.pk))
    return document


def _enqueue_summary(document_id: int) -> None:
    from ..tasks import build_summary

    build_summary.enqueue(document_id=document_id)


def summary_build_run(*, document_id: int, today=None) -> str:
    """The job: claim the queued summary, read every figure (``summary.collect``), render it
    with the unit's current template, store the .docx, mark it ready and queue its PDF. A
    failure marks it failed with the error and keeps no file. Returns the final status."""
    Status = GeneratedDocument.Status
    claimed = GeneratedDocument.objects.filter(pk=document_id, status=Status.QUEUED).update(
        status=Status.RUNNING, error="", updated_at=timezone.now()
    )
    if not claimed:
        return GeneratedDocument.objects.filter(pk=document_id).values_list("status", flat=True).first() or "missing"
    document = GeneratedDocument.objects.select_related("campaign__unit").get(pk=document_id)
    try:
        data = summary.collect(document.campaign, today=today)
        text = SummaryText.objects.filter(campaign=document.campaign).first()
        kind = documents.kind_get(summary_docx.KIND)
        template = documents.current_template(kind, document.unit)
        content = documents.render(kind, template, summary_docx.fields(data, text))
        sha = hashlib.sha256(content).hexdigest()
        document.docx.save(f"summary-{document.campaign_id}-{sha[:12]}.docx", ContentFile(content), save=False)
        with transaction.atomic():
            GeneratedDocument.objects.filter(pk=document_id).update(
                title=data.title,
                template=template,
                docx=document.docx.name,
                sha256=sha,
                status=Status.DONE,
                pdf_status=GeneratedDocument.PdfStatus.QUEUED,
                updated_at=timezone.now(),
            )
            transaction.on_commit(lambda: _enqueue_pdf(document_id))
        return Status.DONE
    except Exception as exc:
        logger.exception("Summary %s failed", document_id)
        if document.docx.name:
            document.docx.storage.delete(document.docx.name)
        GeneratedDocument.objects.filter(pk=document_id).update(
            docx="", status=Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        return Status.FAILED
