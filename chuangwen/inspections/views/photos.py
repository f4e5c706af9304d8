"""The only way to a stored photo of a finding, and its thumbnail: through the user's scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404

from chuangwen.audit.services import download_record
from chuangwen.core.files import file_response

from .. import selectors


@login_required
def photo(request, pk):
    """The only way to a stored photo: through the user's scope (404 outside it)."""
    p = selectors.visible_photos(request.user).filter(pk=pk).first()
    if p is None:
        raise Http404
    download_record(request=request, target=p, kind="inspection_photo", filename=p.original_name)
    return file_response(p.file, content_type=p.content_type, filename=p.original_name, inline=True)


@login_required
def photo_thumbnail(request, pk):
    p = selectors.visible_photos(request.user).filter(pk=pk).first()
    if p is None or not p.thumbnail:
        raise Http404
    return file_response(p.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
