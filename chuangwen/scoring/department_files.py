"""Files of 量化考核 (an appeal's grounds, a manual entry's proof): photos or PDF, each checked
by ``core.files`` before any is kept, stored under server-generated names."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chuangwen.core import files

MAX_FILES = 6
ALLOWED = (*files.PHOTO_TYPES, "pdf")


def prepare_files(uploads) -> list[files.PreparedUpload]:
    """Check every file before any is kept (photos or PDF); one bad file refuses them all."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": _("At most %(n)s files.") % {"n": MAX_FILES}})
    return files.prepare_all(
        uploads,
        lambda u: files.prepare_upload(
            u,
            allowed=ALLOWED,
            max_bytes=settings.INSPECTION_PHOTO_MAX_BYTES,
            refusal=_("The file “%(name)s” is not a photo or a PDF; it cannot be attached."),
        ),
        field="files",
    )


def store_all(prepared, make) -> None:
    """Store each prepared file in a new record ``make(**file fields)`` and save it."""
    for p in prepared:
        record = make(original_name=p.original_name, content_type=p.type.content_type, size=p.size, sha256=p.sha256)
        files.store(p, record)
        record.save()


def close(prepared) -> None:
    for p in prepared:
        p.close()
