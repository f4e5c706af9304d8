"""Who sends a stored file's bytes once the view has checked the user's scope.

``settings.FILE_DELIVERY`` (``CHUANGWEN_FILE_DELIVERY``):

- ``app``: the application server streams the file itself (the embedded default, local disk).
- ``redirect``: the storage does: the view answers 302 to a signed URL valid for
  ``settings.FILE_URL_SECONDS`` that carries the download's name, type and caching as response
  overrides (S3 / MinIO through django-storages; the default when S3 is configured). The URL
  names one object, for a minute; the bucket itself stays private.
- ``accel``: nginx does: the view answers with ``X-Accel-Redirect`` to an internal location that
  maps ``settings.FILE_ACCEL_PREFIX`` onto MEDIA_ROOT (local disk behind nginx; deploy/nginx).

Either way the application never reads the bytes, so a 20 MB download costs it one request's
CPU (bench/bench_cluster_download.py), and every check and audit row happens before. Callers go
through ``core.files.file_response`` or ``core.ranges.ranged_file_response``, not here."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

# Never cached by a browser or proxy: a signed URL is for one request now, not for later.
NO_STORE = "private, no-store"


def offloaded(field, *, filename: str, content_type: str, inline: bool) -> HttpResponse | None:
    """The response handing ``field``'s bytes to the storage or to nginx, or None when the
    application must stream them itself (``app`` mode)."""
    mode = settings.FILE_DELIVERY
    disposition = content_disposition_header(not inline, filename)
    if mode == "redirect":
        url = field.storage.url(
            field.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, max-age=0",
            },
            expire=settings.FILE_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
    elif mode == "accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.FILE_ACCEL_PREFIX + quote(field.name)
        response["Content-Disposition"] = disposition
        # nginx keeps the type the application set (no sniffing from the extension).
        response["X-Content-Type-Options"] = "nosniff"
    else:
        return None
    response["Cache-Control"] = NO_STORE
    response["Referrer-Policy"] = "no-referrer"
    return response
