"""Pages of the standards app: list, tree, import, export, versions, adaptation, draft editing.

Every page fetches the standard through the scope: outside it is 404, visible but not
changeable is 403."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import export_record
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can
from chuangwen.core.views import ScopedDetailView, ScopedListView
from chuangwen.core.xlsx import XLSX_CONTENT_TYPE

from . import exporters, selectors, services
from .filtersets import StandardFilterSet
from .forms import IndicatorForm, ItemForm, StandardImportForm
from .import_tree import Bad, parse_declared_points
from .importers import StandardImportError, read_xlsx, read_yaml
from .models import Aspect, Indicator, Item, Method, Section, Standard
from .points import declared_text
from .rules import describe_rule
from .scoring_rules import describe_scoring


def _standard(request, pk: int, action: str = VIEW) -> Standard:
    standard = get_object_or_404(
        Standard.objects.visible_to(request.user).select_related("owner_unit", "based_on", "previous"), pk=pk
    )
    if action == CHANGE and not can(request.user, standard, CHANGE):
        raise PermissionDenied
    return standard


class StandardListView(ScopedListView):
    model = Standard
    unit_field = None
    filterset_class = StandardFilterSet
    template_name = "standards/standard_list.html"

    def base_queryset(self):
        return selectors.standard_list_base()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_import"] = selectors.owner_units_for(self.request.user).exists()
        return ctx


class StandardDetailView(ScopedDetailView):
    model = Standard
    unit_field = None
    template_name = "standards/standard_detail.html"

    def base_queryset(self):
        return Standard.objects.select_related("owner_unit", "based_on__owner_unit", "previous", "applies_to")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        standard = self.object
        detail = selectors.standard_tree(standard)
        method_names = dict(Method.objects.values_list("code", "name"))
        for aspect in detail.aspects:
            for indicator in aspect.indicators:
                for item in [*indicator.items, *(i for s in indicator.sections for i in s.items)]:
                    item.rule_labels = [describe_rule(r) for r in item.rules]
                    item.method_labels = [method_names.get(m, m) for m in item.methods]
                    item.scoring_label = describe_scoring(item.scoring) if item.scoring else ""
        can_change = can(self.request.user, standard, CHANGE)
        adapt_units = (
            [u for u in selectors.owner_units_for(self.request.user) if u.kind == u.Kind.HOSPITAL]
            if standard.status == Standard.Status.PUBLISHED
            else []
        )
        ctx.update(
            detail=detail,
            can_change=can_change,
            can_edit=can_change and standard.is_editable,
            adapt_units=[u for u in adapt_units if u.pk != standard.owner_unit_id],
            history=standard.history.select_related("history_user").order_by("-history_date")[:10],
        )
        return ctx


@login_required
def standard_import(request):
    """Upload an .xlsx or YAML standard; every problem is listed and nothing is written."""
    owner_units = selectors.owner_units_for(request.user)
    if not owner_units.exists():
        raise PermissionDenied
    ctx = {"problems": [], "error": ""}
    if request.method == "POST":
        form = StandardImportForm(request.POST, request.FILES, owner_units=owner_units)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                owner = form.cleaned_data["owner_unit"]
                read = read_yaml if form.is_yaml() else read_xlsx
                tree = read(upload, owner_unit=owner)
                standard = services.standard_import(
                    tree=tree,
                    owner_unit=form.cleaned_data["owner_unit"],
                    user=request.user,
                    name=form.cleaned_data["name"],
                    version=form.cleaned_data["version"],
                    level=form.cleaned_data["level"],
                )
            except StandardImportError as exc:
                ctx.update(error=exc.message, problems=exc.problems, filename=upload.name)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(
                    request,
                    _("Imported %(name)s: %(n)s items, %(points)s points in total.")
                    % {"name": standard, "n": len(list(tree.items())), "points": tree.total_points},
                )
                return redirect("standards:standard_detail", standard.pk)
    else:
        initial = {"owner_unit": request.current_unit} if request.current_unit in owner_units else {}
        form = StandardImportForm(owner_units=owner_units, initial=initial)
    ctx["form"] = form
    return render(request, "standards/standard_import.html", ctx)


def _run(request, standard, action, success: str):
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("standards:standard_detail", standard.pk)
    messages.success(request, success % {"name": result})
    return redirect("standards:standard_detail", result.pk)


def _change(request, pk, service, success: str):
    """Run ``service(standard=..., user=...)`` on a standard the user may change."""
    standard = _standard(request, pk, CHANGE)
    return _run(request, standard, lambda: service(standard=standard, user=request.user), success)


@login_required
@require_POST
def standard_new_version(request, pk):
    return _change(
        request, pk, services.standard_new_version, _("Created the draft %(name)s; edit it, then publish it.")
    )


@login_required
@require_POST
def standard_publish(request, pk):
    return _change(request, pk, services.standard_publish, _("Published %(name)s."))


@login_required
@require_POST
def standard_retire(request, pk):
    return _change(request, pk, services.standard_retire, _("Retired %(name)s."))


@login_required
@require_POST
def standard_discard(request, pk):
    """Discard a draft: it leaves the lists but stays in the database."""
    standard = _standard(request, pk, CHANGE)
    try:
        services.standard_discard(standard=standard, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("standards:standard_detail", standard.pk)
    messages.success(request, _("Discarded the draft %(name)s; it is kept but no longer listed.") % {"name": standard})
    return redirect("standards:standard_list")


@login_required
@require_POST
def standard_adapt(request, pk):
    """Copy a published standard into a draft of one of the user's hospitals."""
    standard = _standard(request, pk)
    units = selectors.owner_units_for(request.user).filter(kind="hospital")
    unit = units.filter(pk=request.POST.get("unit") or 0).first() or (units.first() if units.count() == 1 else None)
    if unit is None:
        raise PermissionDenied
    return _run(
        request,
        standard,
        lambda: services.standard_adapt(standard=standard, unit=unit, user=request.user),
        _("Created %(name)s for your unit: re-weight items or add your own, then publish it."),
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def standard_export_xlsx(request, pk):
    standard = _standard(request, pk)
    export_record(request=request, kind="standard", target=standard, format="xlsx")
    return _download(exporters.export_xlsx(standard), XLSX_CONTENT_TYPE, exporters.export_filename(standard, "xlsx"))


@login_required
def standard_export_yaml(request, pk):
    standard = _standard(request, pk)
    export_record(request=request, kind="standard", target=standard, format="yaml")
    return _download(
        exporters.export_yaml(standard), exporters.YAML_CONTENT_TYPE, exporters.export_filename(standard, "yaml")
    )


def _draft(request, standard):
    if not standard.is_editable:
        messages.error(
            request,
            _("A published standard cannot be edited; create a new version or adapt it, and edit that draft."),
        )
        return redirect("standards:standard_detail", standard.pk)
    return None


def _item_fields(data) -> dict:
    """An item's own fields from an ``ItemForm``'s cleaned data."""
    return {name: data[name] for name in ("code", "title", "points", "methods", "materials", "rules", "scoring")}


@login_required
def item_update(request, pk):
    item = get_object_or_404(Item.objects.select_related("standard", "indicator", "aspect"), pk=pk)
    standard = _standard(request, item.standard_id, CHANGE)
    if refused := _draft(request, standard):
        return refused
    form = ItemForm(request.POST or None, standard=standard, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, user=request.user, **_item_fields(form.cleaned_data))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Item %(code)s saved.") % {"code": item.code})
            return redirect(f"{standard.get_absolute_url()}#item-{item.pk}")
    return render(request, "standards/item_form.html", {"form": form, "standard": standard, "item": item})


@login_required
def item_create(request, pk):
    standard = _standard(request, pk, CHANGE)
    if refused := _draft(request, standard):
        return refused
    form = ItemForm(request.POST or None, standard=standard, initial={"methods": ["documents"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_create(indicator=data["indicator"], user=request.user, **_item_fields(data))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Item %(code)s added.") % {"code": item.code})
            return redirect(f"{standard.get_absolute_url()}#item-{item.pk}")
    return render(request, "standards/item_form.html", {"form": form, "standard": standard, "item": None})


@login_required
def indicator_create(request, pk):
    standard = _standard(request, pk, CHANGE)
    if refused := _draft(request, standard):
        return refused
    form = IndicatorForm(request.POST or None, standard=standard)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Indicator added."))
            return redirect(standard.get_absolute_url())
    return render(request, "standards/indicator_form.html", {"form": form, "standard": standard})


def _levels_of(standard: Standard) -> list[tuple[str, object]]:
    """("aspect" | "indicator" | "section", level) of every level above the items that a page
    shows, in the order of the tree (three queries); hidden indicators are left out."""
    aspects = list(Aspect.objects.filter(standard=standard).order_by("order", "id"))
    indicators = list(Indicator.objects.filter(aspect__standard=standard, implicit=False).order_by("order", "id"))
    sections = list(Section.objects.filter(indicator__aspect__standard=standard).order_by("order", "id"))
    out = []
    for a in aspects:
        out.append(("aspect", a))
        for i in (i for i in indicators if i.aspect_id == a.pk):
            out.append(("indicator", i))
            out += [("section", sec) for sec in sections if sec.indicator_id == i.pk]
    return out


@login_required
def standard_points(request, pk):
    """Declare the points of every level of a draft in one form ("10", "≤10", "10（扣完为止）" or
    blank), saved whole or not at all."""
    standard = _standard(request, pk, CHANGE)
    if refused := _draft(request, standard):
        return refused
    levels = _levels_of(standard)
    rows, problems, changes = [], [], []
    for kind, level in levels:
        name = f"{kind}-{level.pk}"
        text = (
            request.POST.get(name, "") if request.method == "POST" else declared_text(level.points, level.children_rule)
        )
        rows.append({"kind": kind, "level": level, "name": name, "text": text})
        if request.method == "POST":
            try:
                points, rule = parse_declared_points(text)
            except Bad as exc:
                problems.append(f"{level.code} {level.title}：{exc.message}")
                continue
            changes.append((level, points, rule))
    if request.method == "POST" and not problems:
        try:
            services.standard_levels_update(standard=standard, user=request.user, changes=changes)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Declared points saved."))
            return redirect(standard.get_absolute_url())
    ctx = {"standard": standard, "rows": rows, "problems": problems}
    return render(request, "standards/standard_points.html", ctx)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)
