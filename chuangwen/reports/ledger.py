"""迎检台账: the ledger .zip of a campaign, planned from the standard's tree and streamed to storage.

``ledger_plan`` decides every entry of the archive in the standard's order: at the top the cover
and 说明 (.docx) and the index (.xlsx); then one folder per aspect → indicator (hidden indicators
of two-level standards are no folder) → section → item, named with their numbers and titles
("03 学雷锋活动/03.01 制定年度方案/…"). An item's folder holds its accepted evidence files (the
current round only, never an archived or returned one) under their original names made safe and
unique (``names``), its score explanation (得分说明.txt) and the linked records other apps provide
(``linked``: activities' and meetings' records as PDFs, converted in batches and kept by their
content's key by ``pdf_cache``, so a rebuild converts only what changed); an indicator's folder
its report (说明报告.docx).

``ledger_build_run`` (the background job's body) streams that plan with zipstream-ng straight into
storage, file by file in bounded chunks, so memory stays flat whatever the total; the job row
shows the files and bytes written as it goes."""

from __future__ import annotations

import logging
import os
import secrets
import time
from dataclasses import dataclass, field

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from zipstream import ZipStream

from . import linked, pdf_cache
from .ledger_documents import Contents, IndexRow, ReportRow, cover_docx, index_xlsx, report_docx, score_txt
from .models import LedgerBuild
from .names import FOLDER_LIMIT, Folder, safe_component
from .selectors import item_figures, ledger_files, reports_of

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024  # bytes read from a stored file at a time
PROGRESS_SECONDS = 1.0  # write progress to the database at most this often
INDEX_NAME = "00 目录索引.xlsx"
COVER_NAME = "00 封面及说明.docx"
REPORT_NAME = "说明报告.docx"
SCORE_NAME = "得分说明.txt"
LINKED_DIR = "关联记录"


@dataclass
class Entry:
    arcname: str
    data: bytes | None = None  # a generated document
    stored: str = ""  # a name in default_storage
    local: str = ""  # a path on disk (a linked record)
    size: int = 0
    is_dir: bool = False
    counts: bool = False  # an evidence file: counted in files done / total


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    files: int = 0  # evidence files
    folders: list[str] = field(default_factory=list)


def _folder(number: str, title: str) -> str:
    return safe_component(f"{number} {title}", limit=FOLDER_LIMIT)


def _edited(report) -> str:
    who = ""
    if report.edited_by_id:
        who = report.edited_by.get_full_name() or report.edited_by.get_username()
    when = timezone.localtime(report.updated_at).strftime("%Y-%m-%d %H:%M")
    return f"{who} {when}".strip()


def _content_entry(arcname: str, content) -> Entry:
    if isinstance(content, linked.AsPdf):
        return Entry(arcname)  # stored and sized once the batch is converted (``_convert``)
    if isinstance(content, bytes):
        return Entry(arcname, data=content, size=len(content))
    return Entry(arcname, local=str(content), size=os.path.getsize(content))


def ledger_plan(build: LedgerBuild) -> Plan:
    """Every entry of the build's archive, in order (see the module's docstring)."""
    from chuangwen.standards.selectors import standard_tree

    campaign = build.campaign
    tree = standard_tree(campaign.standard)
    chosen = set(build.aspects or [])
    aspects = [a for a in tree.aspects if not chosen or a.aspect.pk in chosen]
    items = [it for a in aspects for i in a.indicators for it in _items_of(i)]
    figures = item_figures(campaign)
    files_by_item: dict[int, list] = {}
    for f in ledger_files(campaign, [it.pk for it in items]):
        files_by_item.setdefault(f.evidence.item_id, []).append(f)
    reports = reports_of(campaign)
    plan = Plan()
    body: list[Entry] = []
    index_rows: list[IndexRow] = []
    report_rows: list[ReportRow] = []
    contents: list[str] = []
    pending: list[tuple[Entry, linked.AsPdf]] = []  # records to convert, in one batch

    def item_folder(parent: str, number: str, item, aspect_title: str, indicator_title: str) -> None:
        path = f"{parent}/{_folder(number, item.title)}"
        body.append(Entry(path + "/", is_dir=True))
        plan.folders.append(path)
        names = Folder()
        names.take(SCORE_NAME)
        written = []
        for f in files_by_item.get(item.pk, []):
            name = names.take(f.original_name)
            written.append(name)
            body.append(Entry(f"{path}/{name}", stored=f.file.name, size=f.size, counts=True))
        linked_names = Folder()  # linked records live in their own sub-folder
        for filename, content in linked.records_for(campaign, item):
            entry = _content_entry(f"{path}/{LINKED_DIR}/{linked_names.take(filename)}", content)
            body.append(entry)
            if isinstance(content, linked.AsPdf):
                pending.append((entry, content))
        fig = figures[item.pk]
        data = score_txt(code=item.code, title=item.title, f=fig, files=written)
        body.append(Entry(f"{path}/{SCORE_NAME}", data=data, size=len(data)))
        index_rows.append(IndexRow(aspect_title, indicator_title, item.code, item.title, path, fig, len(written)))
        plan.files += len(written)

    def report_entry(parent: str, indicator, title: str) -> None:
        report = reports.get(indicator.pk)
        if report is None:
            return
        data = report_docx(indicator=title, text=report.text, edited=_edited(report))
        body.append(Entry(f"{parent}/{REPORT_NAME}", data=data, size=len(data)))
        report_rows.append(ReportRow(title, f"{parent}/{REPORT_NAME}", len(report.text), _edited(report)))

    for ai, a in enumerate(aspects, start=1):
        a_path = _folder(f"{ai:02d}", a.aspect.title)
        body.append(Entry(a_path + "/", is_dir=True))
        plan.folders.append(a_path)
        contents.append(a_path)
        visible = [i for i in a.indicators if not i.indicator.implicit]
        k = 0
        for i in a.indicators:
            ind = i.indicator
            if ind.implicit:
                parent, prefix, ind_title = a_path, f"{ai:02d}", ""
                report_entry(a_path, ind, a.aspect.title)
            else:
                n = visible.index(i) + 1
                prefix = f"{ai:02d}.{n:02d}"
                parent, ind_title = f"{a_path}/{_folder(prefix, ind.title)}", ind.title
                body.append(Entry(parent + "/", is_dir=True))
                plan.folders.append(parent)
                report_entry(parent, ind, ind.title)
                k = 0
            for it in i.items:
                k += 1
                item_folder(parent, f"{prefix}.{k:02d}", it, a.aspect.title, ind_title)
            for si, s in enumerate(i.sections, start=1):
                s_path = f"{parent}/{_folder(f'{prefix}.{si:02d}', s.section.title)}"
                body.append(Entry(s_path + "/", is_dir=True))
                plan.folders.append(s_path)
                for ki, it in enumerate(s.items, start=1):
                    item_folder(s_path, f"{prefix}.{si:02d}.{ki:02d}", it, a.aspect.title, ind_title)
    _convert(campaign.unit_id, pending)
    title = f"{campaign.unit.name}{campaign.name}迎检台账"
    cover = cover_docx(
        Contents(
            unit=campaign.unit.name,
            campaign=campaign.name,
            standard=campaign.standard.name,
            date=timezone.localdate().strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月"),
            aspects=contents,
            items=len(items),
            files=plan.files,
        )
    )
    index = index_xlsx(index_rows, report_rows, title=title)
    plan.entries = [
        Entry(COVER_NAME, data=cover, size=len(cover)),
        Entry(INDEX_NAME, data=index, size=len(index)),
        *body,
    ]
    return plan


def _convert(unit_id: int, pending: list[tuple[Entry, linked.AsPdf]]) -> None:
    """Point every pending record's entry at its stored PDF (or .docx when it did not convert)."""
    if not pending:
        return
    stored = pdf_cache.materialise(unit_id, [record for _, record in pending])
    for entry, record in pending:
        got = stored[record.key]
        entry.stored, entry.size = got.name, got.size
        if not got.is_pdf:
            entry.arcname = entry.arcname.removesuffix(".pdf") + ".docx"


def _items_of(indicator_node):
    yield from indicator_node.items
    for s in indicator_node.sections:
        yield from s.items


class _Progress:
    """Files and bytes written, saved on the job row at most every ``PROGRESS_SECONDS``."""

    def __init__(self, build_id: int):
        self.build_id = build_id
        self.files = 0
        self.bytes = 0
        self.saved_at = time.monotonic()

    def add(self, *, files: int = 0, nbytes: int = 0) -> None:
        self.files += files
        self.bytes += nbytes
        now = time.monotonic()
        if now - self.saved_at >= PROGRESS_SECONDS:
            self.saved_at = now
            LedgerBuild.objects.filter(pk=self.build_id).update(
                files_done=self.files, bytes_done=self.bytes, updated_at=timezone.now()
            )


def _chunks(entry: Entry, progress: _Progress):
    """The entry's bytes in chunks of at most ``CHUNK``; an evidence file counts when done."""
    if entry.data is not None:
        yield entry.data
        return
    fh = default_storage.open(entry.stored, "rb") if entry.stored else open(entry.local, "rb")  # noqa: SIM115
    try:
        while chunk := fh.read(CHUNK):
            yield chunk
    finally:
        fh.close()
    if entry.counts:
        progress.add(files=1)


class _Streamed(File):
    """The archive as a File whose chunks are the zip stream's: storage writes them as they come."""

    def __init__(self, stream, progress: _Progress, name: str):
        super().__init__(None, name)
        self.stream = stream
        self.progress = progress

    def chunks(self, chunk_size=None):
        for chunk in self.stream:
            self.progress.add(nbytes=len(chunk))
            yield chunk

    def multiple_chunks(self, chunk_size=None):
        return True


def ledger_stream(plan: Plan, progress: _Progress) -> ZipStream:
    zs = ZipStream(sized=True)
    for e in plan.entries:
        if e.is_dir:
            zs.mkdir(e.arcname)
        else:
            if e.stored:
                e.size = default_storage.size(e.stored)
            zs.add(_chunks(e, progress), e.arcname, size=e.size)
    return zs


def ledger_build_run(*, build_id: int) -> str:
    """Write the archive of a queued build (run by the job; callable directly). Returns its status."""
    claimed = LedgerBuild.objects.filter(pk=build_id, status=LedgerBuild.Status.QUEUED).update(
        status=LedgerBuild.Status.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return LedgerBuild.objects.filter(pk=build_id).values_list("status", flat=True).first() or "missing"
    build = LedgerBuild.objects.select_related("campaign__unit", "campaign__standard").get(pk=build_id)
    stored = ""
    try:
        plan = ledger_plan(build)
        progress = _Progress(build_id)
        zs = ledger_stream(plan, progress)
        total = len(zs)
        LedgerBuild.objects.filter(pk=build_id).update(files_total=plan.files, bytes_total=total)
        name = f"ledgers/{build.unit_id}/{build.pk}-{secrets.token_hex(6)}.zip"
        stored = default_storage.save(name, _Streamed(zs, progress, name))
        LedgerBuild.objects.filter(pk=build_id).update(
            status=LedgerBuild.Status.DONE,
            file=stored,
            files_done=plan.files,
            bytes_done=total,
            error="",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return LedgerBuild.Status.DONE
    except Exception as exc:
        logger.exception("ledger build %s failed", build_id)
        if stored:
            default_storage.delete(stored)
        LedgerBuild.objects.filter(pk=build_id).update(
            status=LedgerBuild.Status.FAILED,
            file="",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return LedgerBuild.Status.FAILED
