"""Staff pages of the surveys app: the satisfaction index, responses, paper-card entry, survey
templates with their questions, QR posters and the alert settings. Everything goes through the
user's scope: a record outside it is 404, one the user may only view is 403 on change."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import download_record
from chuangwen.core import publicforms
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import ScopeSpec, can, get_visible_or_404, scope_q
from chuangwen.core.views import ScopedDetailView, ScopedListView
from chuangwen.org.models import Department
from chuangwen.org.selectors import can_create_in_current_unit

from . import posters, selectors, services, tasks
from .filtersets import ResponseFilterSet
from .forms import QuestionForm, SettingsForm, TemplateForm
from .models import RESULT_PERMS, Answer, Question, Response, SatisfactionAlert, SatisfactionSettings, SurveyTemplate


def _changeable(request, queryset, pk):
    """One object the user may change: 404 outside their scope, 403 if they may only view it."""
    obj = get_visible_or_404(queryset, request.user, VIEW, pk=pk)
    if not can(request.user, obj, CHANGE):
        raise PermissionDenied
    return obj


def _need_unit(request):
    if request.current_unit is None:
        messages.info(request, _("Choose a unit to work in first."))
        return None
    return request.current_unit


# --- satisfaction index ------------------------------------------------------------------------


@login_required
def dashboard(request):
    today = timezone.localdate().replace(day=1)
    month = selectors.parse_month(request.GET.get("month"), today)
    unit = request.current_unit
    template = department = None
    if unit is not None and request.GET.get("template", "").isdigit():
        template = selectors.templates(user=request.user, unit=unit).filter(pk=request.GET["template"]).first()
    if unit is not None and request.GET.get("department", "").isdigit():
        department = Department.objects.visible_to(request.user).filter(unit=unit, pk=request.GET["department"]).first()
    data = selectors.dashboard(user=request.user, unit=unit, month=month, template=template, department=department)
    chart = {
        "months": [f"{m:%Y-%m}" for m in data.months],
        "total": data.trend_total,
        "series": [{"name": r["name"], "data": r["trend"]} for r in data.rows],
        "lowest": [r["name"] for r in data.rows[:3]],
        "totalName": _("All departments") if unit is not None else _("All units"),
    }
    ctx = {
        "data": data,
        "month_value": f"{month:%Y-%m}",
        "previous_month": f"{selectors.add_months(month, -1):%Y-%m}",
        "next_month": f"{selectors.add_months(month, 1):%Y-%m}" if month < today else "",
        "chart": chart,
        "templates": selectors.templates(user=request.user, unit=unit) if unit else [],
        "departments": Department.objects.visible_to(request.user).filter(unit=unit) if unit else [],
        "template": template,
        "department": department,
        "alerts": selectors.alerts(user=request.user, unit=unit).filter(month__gte=data.months[0])[:20],
        "threshold": services.settings_for(unit.pk)[0] if unit else None,
        "can_settings": unit is not None and can_create_in_current_unit(request, SatisfactionSettings),
        "freshness": selectors.freshness(user=request.user, unit=unit),
    }
    return render(request, "surveys/dashboard.html", ctx)


@login_required
@require_POST
def alert_acknowledge(request, pk):
    alert = _changeable(request, SatisfactionAlert.objects.all(), pk)
    services.alert_acknowledge(alert=alert, user=request.user)
    messages.success(request, _("Alert acknowledged."))
    return redirect(request.POST.get("next") or reverse("surveys:dashboard"))


@login_required
def settings_edit(request):
    unit = request.current_unit
    if unit is None or not can_create_in_current_unit(request, SatisfactionSettings):
        raise PermissionDenied
    instance = SatisfactionSettings.objects.filter(unit=unit).first() or SatisfactionSettings(unit=unit)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.settings_update(unit=unit, user=request.user, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("surveys:dashboard")
    return render(request, "surveys/settings_form.html", {"form": form})


# --- responses ---------------------------------------------------------------------------------


class ResponseListView(ScopedListView):
    model = Response
    filterset_class = ResponseFilterSet
    template_name = "surveys/response_list.html"

    def base_queryset(self):
        return Response.objects.select_related("department", "template", "unit").order_by("-submitted_at", "-id")


class ResponseDetailView(ScopedDetailView):
    model = Response
    template_name = "surveys/response_detail.html"

    def base_queryset(self):
        return Response.objects.select_related("department", "template", "unit", "entered_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        answers = Answer.objects.filter(response=self.object).select_related("question").order_by("question__order")
        ctx["answers"] = [
            (a, [a.question.options[i - 1] for i in a.choices if 0 < i <= len(a.question.options)]) for a in answers
        ]
        return ctx


# --- paper cards -------------------------------------------------------------------------------


class _DepartmentAsResult:
    """A department seen as the results it holds: the departments where the user may type in
    responses are those whose responses they may change (same ScopeSpec, paths from Department)."""

    scoping = ScopeSpec(unit="unit", department="", perms=RESULT_PERMS)


def entry_departments(user, unit):
    return Department.objects.filter(scope_q(_DepartmentAsResult, user, CHANGE), unit=unit, is_active=True).order_by(
        "sort_order", "id"
    )


PAPER_ROWS = 10


@login_required
def paper_entry(request):
    unit = _need_unit(request)
    if unit is None:
        return redirect("surveys:dashboard")
    departments = entry_departments(request.user, unit)
    if not departments.exists():
        raise PermissionDenied
    templates = selectors.templates(user=request.user, unit=unit).filter(is_active=True)
    params = request.POST if request.method == "POST" else request.GET
    template = templates.filter(pk=params.get("template") or 0).first() or templates.first()
    department = departments.filter(pk=params.get("department") or 0).first()
    if department is None and departments.count() == 1:
        department = departments.first()
    questions = list(template.questions.filter(is_active=True).order_by("order", "id")) if template else []
    errors: list[str] = []
    rows_in = []
    if request.method == "POST":
        if department is None:
            errors.append(_("Choose the department the cards are about."))
        rows_in = _card_rows(request.POST, questions)
        if rows_in is None:
            errors.append(
                _("At most %(max)s cards can be typed in at once; save them in batches.")
                % {"max": settings.SURVEYS_PAPER_MAX_ROWS}
            )
            rows_in = []
        if not errors:
            try:
                stored = services.paper_cards_enter(
                    template=template, department=department, rows=[r for r, _raw in rows_in if r], user=request.user
                )
            except services.BatchError as exc:
                errors = exc.errors
            else:
                messages.success(request, _("%(n)s cards saved.") % {"n": len(stored)})
                return redirect(f"{reverse('surveys:paper_entry')}?template={template.pk}&department={department.pk}")
    n_rows = max(PAPER_ROWS, len(rows_in))
    grid_values = {f"r{i}-{k}": v for i, (_row, raw) in enumerate(rows_in, start=1) for k, v in raw.items() if v}
    ctx = {
        "templates": templates,
        "departments": departments,
        "template": template,
        "department": department,
        "questions": questions,
        "grid": range(1, n_rows + 1),
        "grid_values": grid_values,
        "errors": errors,
        "today": timezone.localdate(),
    }
    return render(request, "surveys/paper_entry.html", ctx, status=400 if errors else 200)


def _card_rows(post, questions):
    """(CardRow or None for an empty row, raw values for re-display) per row of the grid; None when
    the grid claims more rows than ``SURVEYS_PAPER_MAX_ROWS`` (checked before reading any row)."""
    out = []
    claimed = post.get("rows", "").strip()
    n = int(claimed) if claimed.isascii() and claimed.isdigit() and len(claimed) <= 9 else PAPER_ROWS
    if n > settings.SURVEYS_PAPER_MAX_ROWS:
        return None
    for i in range(1, n + 1):
        raw = {f"q{q.pk}": post.get(f"r{i}-q{q.pk}", "").strip() for q in questions}
        raw["card_no"] = post.get(f"r{i}-card_no", "").strip()[:30]
        raw["suggestion"] = post.get(f"r{i}-suggestion", "").strip()
        raw["date"] = post.get(f"r{i}-date", "").strip()
        if not any(raw.values()):
            out.append((None, raw))
            continue
        values: dict[int, object] = {}
        for q in questions:
            v = raw[f"q{q.pk}"]
            # Multiple choice typed as digits: "13" or "1,3" both mean options 1 and 3.
            values[q.pk] = (
                [c for c in v.replace(",", "").replace("，", "").replace(" ", "")]
                if q.kind == Question.Kind.MULTIPLE
                else v
            )
        try:
            filled_on = date.fromisoformat(raw["date"]) if raw["date"] else None
        except ValueError:
            filled_on = None
        out.append(
            (
                services.CardRow(
                    row=i, values=values, card_no=raw["card_no"], suggestion=raw["suggestion"], filled_on=filled_on
                ),
                raw,
            )
        )
    return out


# --- templates and questions -------------------------------------------------------------------


@login_required
def template_list(request):
    unit = request.current_unit
    qs = selectors.templates(user=request.user, unit=unit).order_by("unit_id", "audience", "id")
    qs = qs.annotate(n_questions=Count("questions", filter=Q(questions__is_active=True)))
    ctx = {"templates": qs, "can_create": unit is not None and can_create_in_current_unit(request, SurveyTemplate)}
    return render(request, "surveys/template_list.html", ctx)


@login_required
def template_create(request):
    unit = request.current_unit
    if unit is None or not can_create_in_current_unit(request, SurveyTemplate):
        raise PermissionDenied
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services.template_create(
                unit=unit, name=data["name"], audience=data["audience"], intro=data["intro"], user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey created. Add its questions."))
            return redirect(template)
    return render(request, "surveys/template_form.html", {"form": form})


@login_required
@require_POST
def default_templates(request):
    unit = request.current_unit
    if unit is None or not can_create_in_current_unit(request, SurveyTemplate):
        raise PermissionDenied
    created = services.default_templates_create(unit=unit, user=request.user)
    messages.success(request, _("%(n)s default surveys created.") % {"n": len(created)})
    return redirect("surveys:template_list")


@login_required
def template_detail(request, pk):
    template = get_visible_or_404(SurveyTemplate.objects.select_related("unit"), request.user, VIEW, pk=pk)
    ctx = {
        "template": template,
        "questions": template.questions.order_by("-is_active", "order", "id"),
        "can_change": can(request.user, template, CHANGE),
        "question_form": QuestionForm(),
    }
    return render(request, "surveys/template_detail.html", ctx)


@login_required
def template_update(request, pk):
    template = _changeable(request, SurveyTemplate.objects.all(), pk)
    form = TemplateForm(request.POST or None, instance=SurveyTemplate.objects.get(pk=template.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(template=template, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Survey saved."))
            return redirect(template)
    return render(request, "surveys/template_form.html", {"form": form, "object": template})


@login_required
def question_add(request, pk):
    template = _changeable(request, SurveyTemplate.objects.all(), pk)
    form = QuestionForm(request.POST or None, instance=Question(template=template))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.question_add(
            template=template,
            text=d["text"],
            kind=d["kind"],
            required=d["required"],
            options=d["options"],
            counts_in_index=d["counts_in_index"],
            user=request.user,
        )
        messages.success(request, _("Question added."))
        return redirect(template)
    return render(request, "surveys/question_form.html", {"form": form, "template": template})


@login_required
def question_update(request, pk):
    question = _changeable(request, Question.objects.select_related("template"), pk)
    form = QuestionForm(request.POST or None, instance=Question.objects.get(pk=question.pk))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        index_changed = d["counts_in_index"] != question.counts_in_index
        try:
            services.question_update(
                question=question,
                user=request.user,
                text=d["text"],
                kind=d["kind"],
                required=d["required"],
                options=d["options"],
                counts_in_index=d["counts_in_index"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if index_changed:
                tasks.rebuild_aggregates.enqueue(question.template_id)
            messages.success(request, _("Question saved."))
            return redirect(question.template)
    return render(
        request, "surveys/question_form.html", {"form": form, "template": question.template, "object": question}
    )


@login_required
@require_POST
def question_move(request, pk):
    question = _changeable(request, Question.objects.select_related("template"), pk)
    services.question_move(question=question, up=request.POST.get("direction") == "up", user=request.user)
    return redirect(question.template)


@login_required
@require_POST
def question_deactivate(request, pk):
    question = _changeable(request, Question.objects.select_related("template"), pk)
    services.question_deactivate(question=question, user=request.user)
    messages.success(request, _("Question removed from the form; its answers are kept."))
    return redirect(question.template)


# --- QR posters --------------------------------------------------------------------------------


def _poster_target(request, pk, department_pk=None):
    template = _changeable(request, SurveyTemplate.objects.select_related("unit"), pk)
    if department_pk is None:
        return template, None
    department = Department.objects.filter(unit=template.unit, is_active=True, pk=department_pk).first()
    if department is None:
        raise Http404
    return template, department


def public_url(request, template, department) -> str:
    token = publicforms.SURVEY.link(unit_id=template.unit_id, department_id=department.pk, template_id=template.pk)
    return request.build_absolute_uri(reverse("surveys_public:form", args=[token]))


def _poster_kwargs(request, template, department):
    return {
        "url": public_url(request, template, department),
        "unit_name": template.unit.name,
        "department_name": department.name,
        "survey_name": template.name,
    }


@login_required
def poster(request, pk, department_pk, fmt):
    template, department = _poster_target(request, pk, department_pk)
    kwargs = _poster_kwargs(request, template, department)
    filename = f"{template.unit.name}-{department.name}-扫码评价"
    download_record(request=request, target=template, kind="survey_poster", filename=f"{filename}.{fmt}")
    if fmt == "pdf":
        response = HttpResponse(posters.poster_pdf(**kwargs), content_type="application/pdf")
    else:
        response = HttpResponse(posters.poster_png(**kwargs), content_type="image/png")
    # Images may show in the browser; every other kind of file is an attachment (never rendered
    # from our own origin), as for uploads (core.files.file_response).
    response["Content-Disposition"] = content_disposition_header(fmt == "pdf", f"{filename}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def poster_sheet(request, pk):
    """Every department's poster of one survey, to print in one go."""
    template, _d = _poster_target(request, pk)
    departments = selectors.poster_departments(user=request.user, unit=template.unit)
    rows = [(d, public_url(request, template, d)) for d in departments]
    return render(request, "surveys/poster_sheet.html", {"template": template, "rows": rows})
