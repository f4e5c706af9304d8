"""Peak Python memory while uploading a 20 MB evidence file: a PDF-like file (a real PDF header
and padding) and a 20 MB JPEG, through the service (from a file Django spooled to disk) and
through the page (a real multipart body read from disk by Django's request handler).

Measured with tracemalloc (allocations made through Python's allocator; Pillow's decoded pixels
live in C memory and are reported separately as the image's raw size).

Usage: .venv/bin/python bench/bench_upload_memory.py"""

import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django  # noqa: E402

SIZE = 20 * 1024 * 1024
MB = 1024 * 1024


def make_pdf(path: str) -> None:
    with open(path, "wb") as fh:
        fh.write(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n")
        block = b"%" + b"0" * 1022 + b"\n"
        while fh.tell() < SIZE - 64:
            fh.write(block)
        fh.write(b"trailer<</Root 1 0 R>>\n%%EOF\n")


def make_jpeg(path: str) -> tuple[int, int]:
    """A noisy photo of about 20 MB (noise does not compress)."""
    from PIL import Image

    side = 3900
    img = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    img.save(path, "JPEG", quality=97)
    return img.size


def spooled(path: str, name: str, content_type: str):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    f = TemporaryUploadedFile(name, content_type, os.path.getsize(path), None)
    with open(path, "rb") as src:
        while chunk := src.read(1024 * 1024):
            f.write(chunk)
    f.seek(0)
    return f


def measure(fn) -> dict:
    tracemalloc.start()
    tracemalloc.reset_peak()
    t0 = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peak_mb": round(peak / MB, 2), "seconds": round(elapsed, 2)}


def multipart_body(path: str, fields: dict, file_name: str, boundary: str) -> str:
    """Write the request body to a file: the page then reads it like a socket."""
    fd, body_path = tempfile.mkstemp(prefix="cw-bench-body-")
    with os.fdopen(fd, "wb") as out:
        for k, v in fields.items():
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{file_name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        with open(path, "rb") as src:
            while chunk := src.read(1024 * 1024):
                out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return body_path


def main() -> None:
    setup_django()
    from datetime import date

    from django.conf import settings
    from django.test import Client
    from django.test.client import ClientHandler
    from django.urls import reverse

    from chuangwen.core.roles import Role
    from chuangwen.evidence import services
    from chuangwen.evidence.models import Evidence
    from tests import factories as f

    settings.EVIDENCE_MAX_BYTES = 30 * MB
    settings.ALLOWED_HOSTS = ["*"]
    county = f.region("青溪县")
    unit = f.unit(county, "青溪县人民医院")
    dept = f.department(unit, "内科")
    office = f.user("bench_office")
    f.member(office, Role.OFFICE, unit=unit)
    std = f.standard(unit, aspects=1, indicators=1, items=1)
    campaign = f.campaign(unit, std)
    task = f.task(campaign, dept, items=list(std.items.all()))
    item = std.items.get()

    work = tempfile.mkdtemp(prefix="cw-bench-upload-")
    pdf_path, jpg_path = os.path.join(work, "big.pdf"), os.path.join(work, "big.jpg")
    make_pdf(pdf_path)
    jpeg_size = make_jpeg(jpg_path)
    sizes = {"pdf_mb": round(os.path.getsize(pdf_path) / MB, 2), "jpeg_mb": round(os.path.getsize(jpg_path) / MB, 2)}

    results = {}
    for label, path, name, ctype in (
        ("pdf", pdf_path, "会议纪要.pdf", "application/pdf"),
        ("jpeg", jpg_path, "现场.jpg", "image/jpeg"),
    ):
        evidence = services.evidence_create(task=task, user=office, item=item, title="bench", occurred_on=date.today())
        upload = spooled(path, name, ctype)
        results[f"service_{label}"] = measure(
            lambda e=evidence, u=upload: services.evidence_add_file(evidence=e, user=office, upload=u)
        )
        upload.close()

    client = Client()
    client.force_login(office)
    cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    handler = ClientHandler(enforce_csrf_checks=False)
    url = reverse("evidence:evidence_create", args=[task.pk])
    fields = {"item": item.pk, "title": "bench", "occurred_on": date.today().isoformat(), "note": ""}
    for label, path, name in (("pdf", pdf_path, "会议纪要.pdf"), ("jpeg", jpg_path, "现场.jpg")):
        boundary = "BenchBoundary7MA4YWxkTrZu0gW"
        body_path = multipart_body(path, fields, name, boundary)
        before = Evidence.objects.count()

        def post(bp=body_path, b=boundary):
            with open(bp, "rb") as stream:
                environ = {
                    "REQUEST_METHOD": "POST",
                    "PATH_INFO": url,
                    "SCRIPT_NAME": "",
                    "SERVER_NAME": "testserver",
                    "SERVER_PORT": "80",
                    "SERVER_PROTOCOL": "HTTP/1.1",
                    "HTTP_HOST": "testserver",
                    "HTTP_COOKIE": cookie,
                    "CONTENT_TYPE": f"multipart/form-data; boundary={b}",
                    "CONTENT_LENGTH": str(os.path.getsize(bp)),
                    "wsgi.input": stream,
                    "wsgi.url_scheme": "http",
                    "wsgi.errors": io.StringIO(),
                    "wsgi.version": (1, 0),
                    "wsgi.multithread": False,
                    "wsgi.multiprocess": False,
                    "wsgi.run_once": False,
                }
                response = handler(environ)
                assert response.status_code == 302, response.status_code

        results[f"page_{label}"] = measure(post)
        assert Evidence.objects.count() == before + 1
        os.unlink(body_path)

    report(
        "upload_memory",
        {
            "file_sizes": sizes,
            "jpeg_pixels": f"{jpeg_size[0]}x{jpeg_size[1]}",
            "jpeg_decoded_c_memory_mb": round(jpeg_size[0] * jpeg_size[1] * 3 / MB, 1),
            "target_peak_mb": 3,
            **results,
        },
    )


if __name__ == "__main__":
    main()
