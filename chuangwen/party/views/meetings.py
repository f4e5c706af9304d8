"""Meeting record pages: record a branch's meeting (its secretary or the office), read one, its
.docx and its photos."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.files import file_response
from chuangwen.core.lookups import resolve

from .. import selectors, services
from ..forms import MeetingForm
from ..meeting_docx import meeting_document
from ..models import BranchMember, MeetingPhoto


@login_required
def meeting_create(request, pk: int):
    branch = resolve(selectors.branch_queryset(request.user), pk, user=request.user)
    if not selectors.may_change(request.user, branch):
        raise PermissionDenied
    roster = services.roster(branch)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    initial = {"held_at": timezone.localtime().replace(second=0, microsecond=0), "host": branch.secretary_id}
    form = MeetingForm(*data, user=request.user, branch=branch, roster=roster, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            meeting = services.meeting_create(
                user=request.user,
                branch=branch,
                type=c["type"],
                group=c["group"],
                title=c["title"],
                held_at=c["held_at"],
                place=c["place"],
                host=c["host"],
                recorder=c["recorder"],
                agenda=c["agenda"],
                discussion=c["discussion"],
                attendance=_attendance(form, c["type"], c["group"]),
                resolutions=c["resolutions"],
                photos=form.prepared,
                items=c["items"],
            )
        except ValidationError as e:
            form.close_prepared()
            _add_errors(form, e)
        else:
            if meeting.late_warning:
                messages.warning(request, meeting.late_warning)
            messages.success(request, _("The meeting record was saved."))
            return redirect("party:meeting_detail", pk=meeting.pk)
    form.close_prepared()
    return render(request, "party/meeting_form.html", {"branch": branch, "form": form})


def _attendance(form, meeting_type, group):
    """The form's roster rows; a group's meeting keeps the rows of that group's members."""
    rows = form.attendance()
    if not meeting_type.per_group or group is None:
        return rows
    ids = set(BranchMember.objects.filter(group=group, is_active=True).values_list("person_id", flat=True))
    return [a for a in rows if a.person.pk in ids]


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error)


@login_required
def meeting_detail(request, pk: int):
    meeting = resolve(selectors.meeting_detail_queryset(request.user), pk, user=request.user)
    attendance = list(meeting.attendance.all())
    ctx = {
        "meeting": meeting,
        "attendance": attendance,
        "rate": services.attendance_rate(meeting),
        "resolutions": list(meeting.resolutions.all()),
        "photos": list(meeting.photos.all()),
    }
    return render(request, "party/meeting_detail.html", ctx)


@login_required
def meeting_docx(request, pk: int):
    meeting = resolve(selectors.meeting_detail_queryset(request.user), pk, user=request.user)
    response = HttpResponse(
        meeting_document(meeting),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{meeting.branch.name}{meeting.type.name}记录{timezone.localtime(meeting.held_at):%Y%m%d}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def meeting_photo(request, pk: int):
    photo = resolve(MeetingPhoto.objects.all(), pk, user=request.user)
    return file_response(photo.file, content_type=photo.content_type, filename=photo.original_name, inline=True)
