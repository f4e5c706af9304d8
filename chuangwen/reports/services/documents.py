"""Writes of the inspection materials: the plan's texts and generated documents."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from chuangwen.campaigns.models import Campaign
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can

from .. import documents, plan
from ..models import GeneratedDocument, PlanText

PLAN_TEXT_FIELDS = ("opening", "guiding_idea", "goals", "safeguards")


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
