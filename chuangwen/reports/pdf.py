"""A .docx as PDF through LibreOffice headless (``soffice --convert-to pdf``), in a private
temporary directory with its own LibreOffice profile (so conversions never share or lock a user
profile), bounded in time. Fonts the document names but the machine lacks (仿宋_GB2312, 方正小标宋)
are replaced by fontconfig's CJK fallback (Debian's fonts-noto-cjk), which LibreOffice embeds."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 180


class ConversionFailed(Exception):
    pass


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConversionFailed("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return found


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF of a .docx document's bytes."""
    with tempfile.TemporaryDirectory(prefix="chuangwen-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(content)
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise ConversionFailed(f"LibreOffice took longer than {TIMEOUT_SECONDS} s") from None
        result = folder / "document.pdf"
        if done.returncode != 0 or not result.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace")[-500:]
            raise ConversionFailed(f"LibreOffice failed ({done.returncode}): {detail}")
        return result.read_bytes()
