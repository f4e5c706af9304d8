"""Linked records' PDFs, converted in batches and kept in storage by their content's key.

A ledger holds hundreds of activity and meeting records; converting each with its own
LibreOffice start would take seconds apiece, and most of them have not changed since the last
build. ``materialise`` takes the records a ledger asked for (``linked.AsPdf``), finds the PDFs
already stored under their keys (``ledger-records/<unit>/<key>.pdf``), writes the .docx of the
others to a temporary directory one at a time (nothing held in memory), converts them with one
LibreOffice run per ``pdf.BATCH`` documents and stores the results under their keys. A record
LibreOffice could not convert (or every record, when LibreOffice is missing) goes into the
ledger as its .docx, stored the same way, so the inspectors still get it and the log says why."""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from . import pdf
from .linked import AsPdf

logger = logging.getLogger(__name__)

FOLDER = "ledger-records"


@dataclass
class Stored:
    name: str  # in default_storage
    size: int
    is_pdf: bool


def stored_name(unit_id: int, key: str, ext: str = "pdf") -> str:
    return f"{FOLDER}/{unit_id}/{key}.{ext}"


def _save(name: str, path: Path) -> str:
    if default_storage.exists(name):  # another build stored the same content meanwhile
        return name
    with open(path, "rb") as fh:
        return default_storage.save(name, File(fh, name=name))


def materialise(unit_id: int, records: list[AsPdf]) -> dict[str, Stored]:
    """The stored file of every record by key: its PDF, converted now if not stored yet."""
    out: dict[str, Stored] = {}
    todo: dict[str, AsPdf] = {}
    for record in records:
        if record.key in out or record.key in todo:
            continue
        name = stored_name(unit_id, record.key)
        if default_storage.exists(name):
            out[record.key] = Stored(name, default_storage.size(name), True)
        else:
            todo[record.key] = record
    if not todo:
        return out
    with tempfile.TemporaryDirectory(prefix="chuangwen-records-") as tmp:
        folder = Path(tmp)
        sources = {}
        for key, record in todo.items():
            path = folder / f"{key}.docx"
            path.write_bytes(record.build())
            sources[key] = path
        try:
            results = pdf.docx_files_to_pdf(list(sources.values()), folder / "pdf")
        except pdf.ConversionFailed as exc:
            logger.warning("linked records kept as .docx: %s", exc)
            results = {}
        converted = 0
        for key, source in sources.items():
            result = results.get(source)
            if result is not None:
                name = _save(stored_name(unit_id, key), result)
                out[key] = Stored(name, default_storage.size(name), True)
                converted += 1
            else:
                if results:
                    logger.warning("linked record %s did not convert to PDF: kept as .docx", key)
                name = _save(stored_name(unit_id, key, "docx"), source)
                out[key] = Stored(name, default_storage.size(name), False)
        logger.info("linked records: %d converted, %d from the cache", converted, len(out) - len(todo))
    return out
