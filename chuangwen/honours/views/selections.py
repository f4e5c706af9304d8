"""Selection pages: the list, a new selection, its page (nominees with their eligibility, votes,
the steps the office may take next), nominating, the leadership's review, the 公示 with its
objections, certificates. Every write goes through ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import download_record
from chuangwen.core.files import file_response
from chuangwen.core.lookups import resolve
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.core.views import ScopedListView
from chuangwen.scoring.views.departments import page_unit

from .. import certificates, selectors, services, votes
from ..forms import AnswerForm, NominationForm, ObjectionForm, ReviewForm, SelectionForm
from ..models import HonourType, Nomination, NominationFile, Objection, Selection, VoteSession

S = Selection.Status


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form, by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class SelectionListView(ScopedListView):
    model = Selection
    template_name = "honours/selection_list.html"
    paginate_by = 30

    def base_queryset(self):
        return Selection.objects.select_related("unit").prefetch_related("honour_types")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["counts"] = selectors.selection_counts([s.pk for s in ctx["object_list"]])
        for s in ctx["object_list"]:
            s.counts = ctx["counts"].get(s.pk, {"all": 0, "approved": 0})
        unit = self.request.current_unit
        ctx["can_create"] = bool(unit) and can_in_unit(self.request.user, Selection, unit)
        ctx["my_votes"] = [v for v in selectors.my_votes(self.request.user)[:5] if votes.is_open(v)]
        return ctx


class HonourTypeListView(ScopedListView):
    model = HonourType
    template_name = "honours/type_list.html"
    unit_field = None

    def base_queryset(self):
        return HonourType.objects.filter(is_active=True).order_by("unit_id", "code")


@login_required
def selection_create(request):
    unit = page_unit(request)
    if not can_in_unit(request.user, Selection, unit):
        raise PermissionDenied
    year = timezone.localdate().year
    form = SelectionForm(
        request.POST or None, user=request.user, initial={"year": year, "title": f"{year}年度评先评优"}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            selection = services.selection_create(
                user=request.user, unit=unit, year=d["year"], title=d["title"], honour_types=d["honour_types"],
                nomination_until=d["nomination_until"],
            )  # fmt: skip
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Selection opened."))
            return redirect("honours:selection_detail", selection.pk)
    return render(request, "honours/selection_form.html", {"form": form, "unit": unit})


@login_required
def selection_detail(request, pk: int):
    selection = resolve(
        Selection.objects.select_related("unit").prefetch_related("honour_types"), pk, user=request.user
    )
    office = can(request.user, selection, CHANGE)
    nominations = selectors.nominations_with_reasons(request.user, selection)
    counted = selectors.vote_counts(selection) if office else {}
    for n in nominations:
        n.votes = counted.get(n.pk) if office else None
    quotas = {t.pk: services.quota_for(t, selection.unit) for t in selection.honour_types.all()} if office else {}
    groups = []
    for t in selection.honour_types.all():
        rows = [n for n in nominations if n.honour_type_id == t.pk]
        approved = sum(1 for n in rows if n.status in (Nomination.Status.APPROVED, Nomination.Status.AWARDED))
        groups.append({"type": t, "rows": rows, "quota": quotas.get(t.pk), "approved": approved})
    sessions = list(VoteSession.objects.filter(selection=selection).select_related("honour_type").order_by("id"))
    for s in sessions:
        s.closed = votes.is_closed(s)
    ctx = {
        "selection": selection,
        "office": office,
        "groups": groups,
        "sessions": sessions,
        "objections": Objection.objects.visible_to(request.user)
        .filter(selection=selection)
        .select_related("nomination__person", "nomination__department", "nomination__honour_type"),
        "review_form": ReviewForm(),
        "answer_form": AnswerForm(),
        "can_nominate": selection.status == S.NOMINATING,
    }
    return render(request, "honours/selection_detail.html", ctx)


@login_required
def selection_nominate(request, pk: int):
    selection = resolve(Selection.objects.prefetch_related("honour_types"), pk, user=request.user)
    form = NominationForm(request.POST or None, selection=selection, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.nomination_create(
                user=request.user, selection=selection, honour_type=d["honour_type"], channel=d["channel"],
                reason=d["reason"], person=d["person"], department=d["department"],
                uploads=request.FILES.getlist("files"),
            )  # fmt: skip
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Nomination entered; the nominee is eligible."))
            return redirect("honours:selection_detail", selection.pk)
    return render(request, "honours/nomination_form.html", {"form": form, "selection": selection})


STEPS = {
    "review": services.selection_start_review,
    "publicity": services.publicity_start,
    "publish": services.selection_publish,
}


@login_required
@require_POST
def selection_advance(request, pk: int):
    selection = resolve(Selection.objects.all(), pk, user=request.user)
    step = STEPS.get(request.POST.get("step", ""))
    if step is None:
        messages.error(request, _("Unknown step."))
    else:
        try:
            step(user=request.user, selection=selection)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("The selection moved on."))
    return redirect("honours:selection_detail", selection.pk)


@login_required
def selection_publicity(request, pk: int):
    """The 公示 (or, once published, the list of honours): what the whole unit sees."""
    selection = resolve(Selection.objects.select_related("unit"), pk, user=request.user)
    rows = list(selectors.published_list(selection)) if selection.status in (S.PUBLICITY, S.PUBLISHED) else []
    ctx = {
        "selection": selection,
        "rows": rows,
        "objection_form": ObjectionForm() if selection.status == S.PUBLICITY else None,
        "office": can(request.user, selection, CHANGE),
    }
    return render(request, "honours/publicity.html", ctx)


@login_required
def selection_certificates(request, pk: int):
    """Every certificate of a published selection as one .zip (the office), in the audit log."""
    selection = resolve(Selection.objects.select_related("unit"), pk, user=request.user)
    if not can(request.user, selection, CHANGE):
        raise PermissionDenied
    if selection.status != S.PUBLISHED:
        raise Http404
    name = f"荣誉证书-{selection.year}-{selection.title}.zip"
    download_record(request=request, target=selection, kind="honour_certificates", filename=name)
    response = HttpResponse(certificates.certificates_zip(selection), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


def _nomination(request, pk: int) -> Nomination:
    return resolve(
        Nomination.objects.select_related("selection", "honour_type", "person", "department"), pk, user=request.user
    )


@login_required
@require_POST
def nomination_review(request, pk: int):
    nomination = _nomination(request, pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.nomination_review(
            user=request.user, nomination=nomination, approve=form.cleaned_data.get("approve", False),
            note=form.cleaned_data.get("note", ""),
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, f"{nomination.nominee_name}：{'；'.join(exc.messages)}")
    return redirect("honours:selection_detail", nomination.selection_id)


@login_required
@require_POST
def nomination_withdraw(request, pk: int):
    nomination = _nomination(request, pk)
    try:
        services.nomination_withdraw(user=request.user, nomination=nomination, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("honours:selection_detail", nomination.selection_id)


@login_required
@require_POST
def nomination_object(request, pk: int):
    """An objection during the 公示. The nominee is read through the selection (everyone of the
    unit sees the list on notice), not the nominations' own scope."""
    nomination = _on_notice(request, pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_submit(user=request.user, nomination=nomination, text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Objection received; the office will answer it."))
    else:
        messages.error(request, _("Describe the objection."))
    return redirect("honours:selection_publicity", nomination.selection_id)


def _on_notice(request, pk: int) -> Nomination:
    from django.http import Http404

    selections = Selection.objects.visible_to(request.user).values("pk")
    nomination = (
        Nomination.objects.filter(selection__in=selections, pk=pk, status=Nomination.Status.APPROVED)
        .select_related("selection")
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


@login_required
@require_POST
def objection_answer(request, pk: int):
    objection = resolve(Objection.objects.select_related("selection", "nomination"), pk, user=request.user)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.objection_answer(
                user=request.user, objection=objection, answer=form.cleaned_data["answer"],
                upheld=form.cleaned_data["upheld"],
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, _("Write the answer to the objection."))
    return redirect("honours:selection_detail", objection.selection_id)


@login_required
def nomination_certificate(request, pk: int):
    nomination = _nomination(request, pk)
    if nomination.status != Nomination.Status.AWARDED:
        from django.http import Http404

        raise Http404
    return certificates.certificate_response(nomination, pdf=request.GET.get("format") == "pdf", request=request)


@login_required
def nomination_file(request, pk: int):
    record = resolve(NominationFile.objects.all(), pk, user=request.user)
    inline = record.content_type.startswith("image/") or record.content_type == "application/pdf"
    return file_response(record.file, content_type=record.content_type, filename=record.original_name, inline=inline)
