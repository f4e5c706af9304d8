"""Resumable downloads: a stored file served with HTTP Range (RFC 9110 §14), for the large
generated archives (迎检台账) a browser or download manager may fetch in parts or resume.

One range per request (``bytes=a-b``, ``bytes=a-``, ``bytes=-n``): 206 with ``Content-Range``;
past the end 416; several ranges, a malformed header, or an ``If-Range`` naming another version
(its ETag or date differs) get the whole file (200), as the RFC allows. The file is read in
bounded chunks from the position asked, never into memory. Call it only after the record was
fetched through the user's scope."""

from __future__ import annotations

import re

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

from .delivery import offloaded

CHUNK = 1024 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) of a satisfiable single range, None to send the whole file, False when
    unsatisfiable."""
    m = RANGE.match(header.strip())
    if not m or not (m.group(1) or m.group(2)):
        return None
    first, last = m.group(1), m.group(2)
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None
        if start >= size:
            return False
        return start, end
    n = int(last)
    if n == 0 or size == 0:
        return False
    return max(0, size - n), size - 1


def _if_range_holds(value: str, etag: str, modified: float | None) -> bool:
    value = value.strip()
    if value.startswith(('"', "W/")):
        return value == etag
    when = parse_http_date_safe(value)
    return when is not None and modified is not None and int(modified) <= when


def _read(fh, start: int, length: int):
    try:
        fh.seek(start)
        left = length
        while left > 0:
            chunk = fh.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        fh.close()


def ranged_file_response(request, field, *, filename: str, content_type: str, etag: str, modified=None):
    """The stored file of ``field`` as an attachment, whole or the range asked. ``etag`` names
    this version of the file (quoted); ``modified`` (a datetime) becomes Last-Modified."""
    # Behind a deployment the storage or nginx sends the bytes and answers Range itself.
    response = offloaded(field, filename=filename, content_type=content_type, inline=False)
    if response is not None:
        return response
    size = field.size
    stamp = modified.timestamp() if modified is not None else None
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Content-Disposition": content_disposition_header(True, filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=0",
    }
    if stamp is not None:
        headers["Last-Modified"] = http_date(stamp)
    wanted = request.headers.get("Range", "")
    span = _range(wanted, size) if wanted else None
    if_range = request.headers.get("If-Range")
    if span is not None and if_range and not _if_range_holds(if_range, etag, stamp):
        span = None
    if span is False:
        response = HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
        return response
    start, end = span if span else (0, size - 1)
    length = max(0, end - start + 1)
    response = StreamingHttpResponse(
        _read(field.open("rb"), start, length), status=206 if span else 200, content_type=content_type, headers=headers
    )
    response["Content-Length"] = str(length)
    if span:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response
