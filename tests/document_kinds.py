"""What an office does to a document kind's template in Word, for the tests of the kinds other apps
register with ``reports.documents`` (考评表, certificates): download it from the 文档模板 page, put
its own letterhead on top and another closing line at the end, upload it back."""

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangwen.reports import documents


def read(content: bytes):
    return docx.Document(io.BytesIO(content))


def texts(content: bytes) -> list[str]:
    """The non-empty paragraphs of a .docx, then its table cells."""
    d = read(content)
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    return [p.text for p in d.paragraphs if p.text] + cells


def office_edit(content: bytes, *, letterhead: str, closing: str) -> bytes:
    """The template with a letterhead paragraph before everything and a closing line after."""
    d = read(content)
    first = d.paragraphs[0]
    head = first.insert_paragraph_before(letterhead)
    head.alignment = 1  # centred
    d.add_paragraph(closing)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def with_tag(content: bytes, tag: str) -> bytes:
    d = read(content)
    d.add_paragraph(tag)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def download(client, kind: str) -> bytes:
    response = client.get(reverse("reports:template_download", args=[kind]))
    assert response.status_code == 200, response.status_code
    return response.content


def upload(client, kind: str, content: bytes, name: str = "模板.docx"):
    url = reverse("reports:template_detail", args=[kind])
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type=documents.DOCX_TYPE)})


def refusal(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return list(response.context["form"].errors["file"])
