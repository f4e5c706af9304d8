"""Finding photos: checked by their content (JPEG or PNG only), EXIF stripped, a thumbnail made,
all of a batch before any is kept."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chuangwen.core import files

MAX_PHOTOS = 12


def photo_max_bytes() -> int:
    """The size limit of one finding photo (``settings.INSPECTION_PHOTO_MAX_BYTES``, 20 MB)."""
    return settings.INSPECTION_PHOTO_MAX_BYTES


def prepare_photo(upload) -> files.PreparedUpload:
    """Check one photo by its content (JPEG or PNG only), strip EXIF, make a thumbnail."""
    return files.prepare_upload(
        upload,
        allowed=files.PHOTO_TYPES,
        max_bytes=photo_max_bytes(),
        refusal=_("The file “%(name)s” is not a JPEG or PNG photo; it cannot be uploaded."),
    )


def prepare_photos(uploads: Iterable) -> list[files.PreparedUpload]:
    """Check every photo before any is kept: one bad file refuses them all, naming each."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos at a time.") % {"n": MAX_PHOTOS}})
    return files.prepare_all(uploads, prepare_photo, field="photos")
