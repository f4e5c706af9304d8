"""Survey templates (问卷): the list, creating one (or the defaults), its page and editing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can, get_visible_or_404
from chuangwen.org.selectors import can_create_in_current_unit

from .. import selectors, services
from ..forms import QuestionForm, TemplateForm
from ..models import SurveyTemplate
from .common import changeable


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
    template = changeable(request, SurveyTemplate.objects.all(), pk)
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
