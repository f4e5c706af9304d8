"""Builders for roster workbooks used by the roster tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from chuangwen.org.roster import HEADERS


def xlsx(rows, headers=HEADERS) -> bytes:
    """An .xlsx with ``headers`` in row 1 and ``rows`` below (each a dict header → value, or a list)."""
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers] if isinstance(row, dict) else list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "花名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def person_row(no="2001", name="赵敏", dept="内科", **extra) -> dict:
    return {"工号": no, "姓名": name, "科室": dept, **extra}


def read_rows(content: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return list(ws.iter_rows(values_only=True))
