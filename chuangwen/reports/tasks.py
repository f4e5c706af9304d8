"""Background jobs of the inspection materials (django-tasks; tests run them at once): building a
ledger .zip, converting a generated document to PDF."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from .ledger import ledger_build_run
from .models import GeneratedDocument
from .pdf import ConversionFailed, docx_to_pdf  # noqa: F401 - ConversionFailed for callers

logger = logging.getLogger(__name__)


@task()
def document_pdf(document_id: int) -> str:
    """Convert a generated document to PDF. Returns the final PDF status."""
    return document_pdf_build(document_id=document_id)


def document_pdf_build(*, document_id: int) -> str:
    """Claim the queued document, convert its .docx with LibreOffice, store the PDF and mark it
    ready in one update; a failure marks it failed with the error and keeps no file."""
    Status = GeneratedDocument.PdfStatus
    claimed = GeneratedDocument.objects.filter(pk=document_id, pdf_status=Status.QUEUED).update(
        pdf_status=Status.RUNNING, pdf_error="", updated_at=timezone.now()
    )
    if not claimed:
        return (
            GeneratedDocument.objects.filter(pk=document_id).values_list("pdf_status", flat=True).first() or "missing"
        )
    document = GeneratedDocument.objects.get(pk=document_id)
    try:
        with document.docx.open("rb") as fh:
            pdf = docx_to_pdf(fh.read())
        document.pdf.save(f"{document.pk}-{document.sha256[:12]}.pdf", ContentFile(pdf), save=False)
        GeneratedDocument.objects.filter(pk=document_id).update(
            pdf=document.pdf.name, pdf_status=Status.DONE, updated_at=timezone.now()
        )
        return Status.DONE
    except Exception as exc:
        logger.exception("PDF of document %s failed", document_id)
        if document.pdf.name:
            document.pdf.storage.delete(document.pdf.name)
        GeneratedDocument.objects.filter(pk=document_id).update(
            pdf="", pdf_status=Status.FAILED, pdf_error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        return Status.FAILED


@task()
def build_summary(document_id: int) -> str:
    """Generate a queued year-end summary (``services.summary_build_run``)."""
    from .services import summary_build_run

    return summary_build_run(document_id=document_id)


@task()
def build_ledger(build_id: int) -> str:
    """Stream the build's archive into storage (``ledger.ledger_build_run``)."""
    return ledger_build_run(build_id=build_id)
