"""通报 as PDF: once a bulletin's .docx is stored, the background job ``bulletin_pdf`` converts it
with LibreOffice (``reports.pdf.docx_to_pdf``: a private profile, bounded in time, Chinese fonts
embedded), stores the PDF and marks it ready in one update, as ``reports.tasks.document_pdf``
does for the plan; a failure marks it failed with the error and keeps no file. The download
(page and API) goes through the bulletin's scope and the audit log."""

from __future__ import annotations

import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from chuangwen.reports import pdf

from .models import Bulletin

logger = logging.getLogger(__name__)


def pdf_queue(bulletin_id: int) -> None:
    """Ask for the PDF of a generated bulletin (again, after a failure): the job runs after commit."""
    Bulletin.objects.filter(pk=bulletin_id, status=Bulletin.Status.DONE).update(
        pdf_status=Bulletin.Status.QUEUED, pdf_error="", updated_at=timezone.now()
    )
    transaction.on_commit(lambda: bulletin_pdf.enqueue(bulletin_id=bulletin_id))


@task()
def bulletin_pdf(bulletin_id: int) -> str:
    """The background job: convert the bulletin's .docx to PDF. Returns the PDF's status."""
    return bulletin_pdf_build(bulletin_id=bulletin_id)


def bulletin_pdf_build(*, bulletin_id: int) -> str:
    Status = Bulletin.Status
    claimed = Bulletin.objects.filter(pk=bulletin_id, status=Status.DONE, pdf_status=Status.QUEUED).update(
        pdf_status=Status.RUNNING, pdf_error="", updated_at=timezone.now()
    )
    if not claimed:
        return Bulletin.objects.filter(pk=bulletin_id).values_list("pdf_status", flat=True).first() or "missing"
    bulletin = Bulletin.objects.get(pk=bulletin_id)
    stored = ""
    try:
        with bulletin.file.open("rb") as fh:
            content = pdf.docx_to_pdf(fh.read())
        stored = default_storage.save(
            f"bulletins/{bulletin.unit_id}/{bulletin.pk}-{secrets.token_hex(6)}.pdf", ContentFile(content)
        )
        Bulletin.objects.filter(pk=bulletin_id).update(pdf=stored, pdf_status=Status.DONE, updated_at=timezone.now())
        return Status.DONE
    except Exception as exc:
        logger.exception("PDF of bulletin %s failed", bulletin_id)
        if stored:
            default_storage.delete(stored)
        Bulletin.objects.filter(pk=bulletin_id).update(
            pdf="", pdf_status=Status.FAILED, pdf_error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        return Status.FAILED
