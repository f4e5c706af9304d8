"""通报: the monthly inspection bulletin of a unit, generated as a .docx by a background job.

``bulletin_request`` writes the ``Bulletin`` row (queued) and, once the transaction commits,
enqueues ``build_bulletin`` (django-tasks). The job reads the period's figures from ``stats``
(the same selectors the pages use), writes the document with python-docx while moving
``progress`` from 0 to 100, stores it, and only then points the row at the file and marks it
done, in one update. A failure marks the row failed with the error and leaves no file behind,
so the download URL never serves a half-written document. The figures written in the document
are kept in ``Bulletin.numbers``.

The layout comes from the issuing office's Word template (``bulletin_templates``; the version
used is kept on the row). Once the .docx is stored, ``bulletin_pdf`` converts it to PDF by a job
of its own.

The document follows a real 通报 (seeds 000 七2, 001 三(三) "每月一次督查通报"): red header with the
issuing office and a 文号, title, summary with the numbers, a table by department, the ranking,
the findings by department with their photos (the stored thumbnails, two per row), 表扬 for the
departments that closed everything on time, 批评 for those with overdue findings, requirements
for the next step, and the office's name and the date. Its wording is Chinese whatever the
interface language: it is the document the hospital files."""

from __future__ import annotations

import datetime
import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from chuangwen.core.roles import CHANGE, Role, Scope
from chuangwen.core.scoping import can_in_unit

from . import stats
from .bulletin_docx import BulletinData, render_docx
from .bulletin_pdf import pdf_queue
from .bulletin_templates import current_template, template_content
from .models import Bulletin, BulletinCounter, FindingPhoto

logger = logging.getLogger(__name__)

PROGRESS_STEP = 5  # write progress to the database only when it moved this much


def can_request(user, unit) -> bool:
    """Whether ``user`` may generate bulletins of ``unit``: its campaign office, a supervisor
    whose region covers it, or an administrator."""
    return can_in_unit(user, Bulletin, unit, CHANGE)


def may_request_somewhere(user) -> bool:
    """Whether ``user`` holds a role that may issue bulletins of some unit."""
    if user is None or not user.is_authenticated:
        return False
    allowed = Bulletin.scoping.perms
    return user.is_superuser or any(
        m.role == Role.ADMIN or CHANGE in allowed.get(m.role, ()) for m in user.scope_memberships()
    )


def issuing_unit(user, unit):
    """Who issues ``user``'s bulletins of ``unit`` (its template and letterhead): the unit itself
    when the user works there, else the supervising body the user belongs to (a bureau). With
    ``unit`` None, the body only."""
    if unit is not None and any(m.scope == Scope.UNIT and m.unit_id == unit.pk for m in user.scope_memberships()):
        return unit
    bodies = [m for m in user.scope_memberships() if m.scope == Scope.REGION and m.unit_id]
    if bodies:
        from chuangwen.org.models import Unit

        body = Unit.objects.filter(pk=bodies[0].unit_id).first()
        if body is not None:
            return body
    return unit


def _issuer(user, unit) -> tuple[str, str]:
    """(issuing office, 文号 prefix): the unit's own office, or the supervising body the
    requesting supervisor belongs to."""
    body = issuing_unit(user, unit)
    if body is not None and body.pk != unit.pk:
        return f"{body.name}文明办", f"{body.short_name or body.name}文明办"
    return f"{unit.name}文明创建办公室", f"{unit.short_name or unit.name}创建办"


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def bulletin_title(unit, period: stats.Period) -> str:
    """青溪县人民医院2026年10月文明创建督查通报."""
    return f"{unit.name}{period.label()}文明创建督查通报"


@transaction.atomic
def bulletin_request(
    *, user, unit, period_start: datetime.date, period_end: datetime.date, today: datetime.date | None = None
) -> Bulletin:
    """Queue a bulletin of ``unit`` for the period (both days included) and enqueue its
    generation after commit. Refuses a user who may not issue bulletins of the unit, and an
    empty, reversed, future or over-a-year period, with a message naming the field."""
    if not can_request(user, unit):
        raise PermissionDenied
    today = today or timezone.localdate()
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period is before its start.")})
    if period_start > today:
        raise ValidationError({"period_start": _("The period has not started yet.")})
    if period_end >= _one_year_after(period_start):
        raise ValidationError({"period_end": _("A bulletin covers at most one year.")})
    period = stats.Period(period_start, period_end)
    issuer, prefix = _issuer(user, unit)
    year = period_start.year
    seq = next_doc_seq(unit=unit, year=year)
    bulletin = Bulletin(
        unit=unit,
        title=bulletin_title(unit, period),
        period_start=period_start,
        period_end=period_end,
        created_by=user,
        doc_year=year,
        doc_seq=seq,
        template=current_template(issuing_unit(user, unit)),
        numbers={"issuer": issuer, "doc_no": f"{prefix}〔{year}〕{seq}号"},
    )
    bulletin.full_clean()
    bulletin.save()
    transaction.on_commit(lambda: build_bulletin.enqueue(bulletin_id=bulletin.pk))
    return bulletin


def next_doc_seq(*, unit, year: int) -> int:
    """The next 文号 of ``unit`` in ``year`` (1, 2, ...), inside the caller's transaction. The
    counter row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions
    serialise writers) until the bulletin using the number is stored, so concurrent requests
    wait their turn instead of reading the same count."""
    BulletinCounter.objects.get_or_create(unit=unit, year=year)
    counter = BulletinCounter.objects.select_for_update().get(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@task()
def build_bulletin(bulletin_id: int) -> str:
    """The background job: generate the bulletin's document. Returns the final status."""
    return bulletin_build(bulletin_id=bulletin_id)


class _Progress:
    def __init__(self, bulletin_id: int):
        self.bulletin_id = bulletin_id
        self.written = 0

    def __call__(self, value: int) -> None:
        value = max(0, min(99, int(value)))
        if value - self.written >= PROGRESS_STEP:
            Bulletin.objects.filter(pk=self.bulletin_id).update(progress=value, updated_at=timezone.now())
            self.written = value


def bulletin_build(*, bulletin_id: int, today: datetime.date | None = None) -> str:
    """Generate the document of a queued bulletin (run by the job; callable directly)."""
    claimed = Bulletin.objects.filter(pk=bulletin_id, status=Bulletin.Status.QUEUED).update(
        status=Bulletin.Status.RUNNING, progress=1, error="", updated_at=timezone.now()
    )
    if not claimed:
        return Bulletin.objects.filter(pk=bulletin_id).values_list("status", flat=True).first() or "missing"
    bulletin = Bulletin.objects.select_related("unit", "template").get(pk=bulletin_id)
    progress = _Progress(bulletin_id)
    stored = ""
    try:
        data = collect(bulletin, today=today or timezone.localdate())
        progress(20)
        content = render_docx(data, progress=lambda done, total: progress(20 + 75 * done / max(total, 1)))
        stored = default_storage.save(
            f"bulletins/{bulletin.unit_id}/{bulletin.pk}-{secrets.token_hex(6)}.docx", ContentFile(content)
        )
        Bulletin.objects.filter(pk=bulletin_id).update(
            status=Bulletin.Status.DONE,
            progress=100,
            file=stored,
            numbers=data.numbers(),
            error="",
            updated_at=timezone.now(),
        )
        pdf_queue(bulletin_id)  # the PDF follows, by its own job
        return Bulletin.Status.DONE
    except Exception as exc:
        logger.exception("bulletin %s failed", bulletin_id)
        if stored:
            default_storage.delete(stored)
        Bulletin.objects.filter(pk=bulletin_id).update(
            status=Bulletin.Status.FAILED,
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        return Bulletin.Status.FAILED


def collect(bulletin: Bulletin, *, today: datetime.date) -> BulletinData:
    """Everything the document shows, in a fixed number of queries: the figures from ``stats``,
    the findings with their department and responsible person, and their photos."""
    period = stats.Period(bulletin.period_start, bulletin.period_end)
    findings = stats.period_findings(period=period, unit=bulletin.unit)
    listed = list(
        findings.select_related("department", "responsible_person", "item").order_by(
            "department__sort_order", "department__name", "department_id", "found_at", "id"
        )
    )
    photos: dict[int, list[FindingPhoto]] = {}
    for photo in FindingPhoto.objects.filter(finding__in=findings).order_by("finding_id", "stage", "id"):
        photos.setdefault(photo.finding_id, []).append(photo)
    return BulletinData(
        template=template_content(bulletin.template) if bulletin.template_id else None,
        title=bulletin.title,
        unit_name=bulletin.unit.name,
        issuer=bulletin.numbers.get("issuer") or f"{bulletin.unit.name}文明创建办公室",
        doc_no=bulletin.numbers.get("doc_no", ""),
        period=period,
        today=today,
        totals=stats.totals(findings, today=today),
        departments=stats.by_department(findings, today=today),
        ranking=stats.ranking(findings, today=today),
        findings=listed,
        photos=photos,
    )
