"""后台导出: exports of long lists (complaints, staff, tasks) as background jobs with progress.

A list of up to ``EXPORT_SYNC_MAX_ROWS`` rows is written during the request, as before. A longer
one is queued (``export_queue``): the view has already chosen the rows through the requester's
scope and filters, so the job stores their ids in that order, and the background job
(``build_export``, django-tasks, like the bulletin) writes the workbook from those ids alone,
moving ``progress`` from 0 to 100, stores it and marks the job done. The requester follows it on
its page and downloads the file; only they can see or take it (``ExportJob.objects`` is scoped
to its requester: a colleague with another scope in the same unit must not take a file of rows
they may not read), and the export is recorded in the audit log when it is downloaded.

Each kind names the function that writes its file (``BUILDERS``: dotted paths, imported when the
job runs, so that core imports no app)."""

from __future__ import annotations

import datetime
import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from .lookups import register
from .models import EXPORT_BUILDERS, ExportJob
from .replica import replica_reads

logger = logging.getLogger(__name__)

BUILDERS = EXPORT_BUILDERS  # kind -> the function that writes its file (a dotted path)
PROGRESS_STEP = 5  # write progress to the database only when it moved this much
BATCH = 2000


def _own_jobs(user, action: str) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Q(requested_by=user)


register(ExportJob, _own_jobs)


def export_is_long(rows: int) -> bool:
    """Whether a list of ``rows`` rows is exported in the background."""
    return rows > settings.EXPORT_SYNC_MAX_ROWS


@transaction.atomic
def export_queue(
    *, user, kind: str, queryset, filename: str, unit=None, options: dict | None = None, detail: dict | None = None
) -> ExportJob:
    """Queue the export of ``queryset`` (already scoped and filtered for ``user``, in its order)
    and enqueue its job after commit. ``options`` reach the builder; ``detail`` goes into the
    audit event written at download."""
    if kind not in BUILDERS:
        raise ValueError(kind)
    job = ExportJob.objects.create(
        kind=kind,
        requested_by=user,
        unit=unit,
        filename=filename,
        ids=list(queryset.values_list("pk", flat=True)),
        options=options or {},
        detail=detail or {},
    )
    transaction.on_commit(lambda: build_export.enqueue(job_id=job.pk))
    return job


def ordered_batches(queryset, ids: list[int], size: int = BATCH):
    """The rows of ``queryset`` with these ids, in the ids' order, as lists of at most ``size``
    (one query each; a row deleted since the request is left out)."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        found = queryset.in_bulk(chunk)
        yield [found[pk] for pk in chunk if pk in found]


def ordered_rows(queryset, ids: list[int], size: int = BATCH):
    for batch in ordered_batches(queryset, ids, size):
        yield from batch


class _Progress:
    def __init__(self, job: ExportJob):
        self.job = job
        self.written = 0

    def __call__(self, done: int) -> None:
        value = max(1, min(99, int(100 * done / max(self.job.rows, 1))))
        if value - self.written >= PROGRESS_STEP:
            ExportJob.objects.filter(pk=self.job.pk).update(progress=value, updated_at=timezone.now())
            self.written = value


@task()
def build_export(job_id: int) -> str:
    """The background job: write the export's file. Returns the final status."""
    return export_build(job_id=job_id)


def export_build(*, job_id: int) -> str:
    """Write the file of a queued export (run by the job; callable directly)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, progress=1, updated_at=timezone.now()
    )
    if not claimed:
        return ExportJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or "missing"
    job = ExportJob.objects.select_related("requested_by", "unit").get(pk=job_id)
    stored = ""
    try:
        with replica_reads():  # the rows are read from the replica, if any; progress goes to default
            content = import_string(BUILDERS[job.kind])(job, progress=_Progress(job))
        stored = default_storage.save(
            f"exports/{job.requested_by_id}/{job.pk}-{secrets.token_hex(6)}.xlsx", ContentFile(content)
        )
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.DONE, progress=100, file=stored, error="", updated_at=timezone.now()
        )
        return ExportJob.Status.DONE
    except Exception as exc:
        logger.exception("export %s failed", job_id)
        if stored:
            default_storage.delete(stored)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED,
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        return ExportJob.Status.FAILED


def exports_expire(*, now: datetime.datetime | None = None, days: int | None = None) -> int:
    """Remove the files of exports finished more than ``days`` (``EXPORT_KEEP_DAYS``) ago and
    mark them expired; the job rows stay (who exported what is also in the audit log). Returns
    how many files were removed. Run daily by ``manage.py expire_exports`` (cron)."""
    now = now or timezone.now()
    days = settings.EXPORT_KEEP_DAYS if days is None else days
    old = ExportJob.objects.filter(status=ExportJob.Status.DONE, updated_at__lt=now - datetime.timedelta(days=days))
    removed = 0
    for job in old.exclude(file="").only("pk", "file").iterator():
        default_storage.delete(job.file.name)
        removed += ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.EXPIRED, file="", updated_at=now
        )
    return removed
