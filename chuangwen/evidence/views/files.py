"""Stored files of evidence: the only way to read one (permission-checked download), its
thumbnail, and removing one from a record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import download_record
from chuangwen.core.files import file_response

from .. import selectors, services
from ..models import EvidenceFile
from .common import attempt

# Only pictures may be shown in the browser (file_response downloads everything else).
INLINE_KINDS = (EvidenceFile.Kind.IMAGE,)


@login_required
@require_POST
def file_archive(request, pk):
    f = selectors.visible_files(request.user).select_related("evidence").filter(pk=pk).first()
    if f is None:
        raise Http404
    attempt(
        request,
        lambda: services.evidence_file_archive(file=f, user=request.user),
        _("File removed from the evidence; it stays in the history."),
    )
    return redirect("evidence:evidence_update", f.evidence_id)


@login_required
def file_download(request, pk):
    """The only way to a stored file: through the user's scope (404 outside it)."""
    f = selectors.visible_files(request.user).filter(pk=pk).first()
    if f is None:
        raise Http404
    download_record(request=request, target=f, kind="evidence_file", filename=f.original_name)
    return file_response(f.file, content_type=f.content_type, filename=f.original_name, inline=f.kind in INLINE_KINDS)


@login_required
def file_thumbnail(request, pk):
    f = selectors.visible_files(request.user).filter(pk=pk).first()
    if f is None or not f.thumbnail:
        raise Http404
    return file_response(f.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
