"""A .docx as PDF through LibreOffice headless (``soffice --convert-to pdf``), in a private
temporary directory with its own LibreOffice profile (so conversions never share or lock a user
profile), bounded in time. Fonts the document names but the machine lacks (仿宋_GB2312, 方正小标宋)
are replaced by fontconfig's CJK fallback (Debian's fonts-noto-cjk), which LibreOffice embeds.

``docx_to_pdf`` converts one document's bytes (one LibreOffice start, ~2 s). ``docx_files_to_pdf``
converts many files on disk with one start per ``BATCH`` documents (the start is most of the time
of a small document), bounded in time by the batch's size; what LibreOffice could not convert is
reported missing, not raised, so one broken record does not cost the others."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

TIMEOUT_SECONDS = 180
BATCH = 40  # documents per LibreOffice run
BATCH_BASE_SECONDS = 60  # a batch's time bound: this plus PER_DOCUMENT_SECONDS per document
PER_DOCUMENT_SECONDS = 20


class ConversionFailed(Exception):
    pass


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConversionFailed("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return found


def _run(sources: Sequence[Path], outdir: Path, profile: Path, timeout: float) -> subprocess.CompletedProcess:
    """One LibreOffice run in its own process group, so a run past its bound is ended whole
    (soffice starts soffice.bin as a child)."""
    args = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(outdir), *map(str, sources)]  # fmt: skip
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionFailed(f"LibreOffice took longer than {timeout:.0f} s") from None
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr)


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF of a .docx document's bytes."""
    with tempfile.TemporaryDirectory(prefix="chuangwen-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(content)
        done = _run([source], folder, folder / "profile", TIMEOUT_SECONDS)
        result = folder / "document.pdf"
        if done.returncode != 0 or not result.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace")[-500:]
            raise ConversionFailed(f"LibreOffice failed ({done.returncode}): {detail}")
        return result.read_bytes()


def docx_files_to_pdf(sources: Sequence[Path], outdir: Path) -> dict[Path, Path | None]:
    """Convert the .docx files ``sources`` (distinct stems) into ``outdir``, ``BATCH`` files per
    LibreOffice run, each run with its own profile and a time bound growing with its size.
    Returns every source's PDF, or None for one that did not come out (a broken document, a run
    that failed or timed out). Raises ``ConversionFailed`` only when LibreOffice is missing."""
    soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    out: dict[Path, Path | None] = {}
    with tempfile.TemporaryDirectory(prefix="chuangwen-pdf-profile-") as tmp:
        for start in range(0, len(sources), BATCH):
            batch = list(sources[start : start + BATCH])
            try:
                _run(
                    batch,
                    outdir,
                    Path(tmp) / f"profile-{start}",
                    BATCH_BASE_SECONDS + PER_DOCUMENT_SECONDS * len(batch),
                )
            except ConversionFailed:
                pass  # what came out before the bound is kept; the rest is reported missing
            for source in batch:
                result = outdir / f"{source.stem}.pdf"
                out[source] = result if result.exists() and result.stat().st_size > 0 else None
    return out
