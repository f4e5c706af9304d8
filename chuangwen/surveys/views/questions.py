"""The questions of a survey template: adding, editing, moving and removing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services, tasks
from ..forms import QuestionForm
from ..models import Question, SurveyTemplate
from .common import changeable


@login_required
def question_add(request, pk):
    template = changeable(request, SurveyTemplate.objects.all(), pk)
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
    question = changeable(request, Question.objects.select_related("template"), pk)
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
    question = changeable(request, Question.objects.select_related("template"), pk)
    services.question_move(question=question, up=request.POST.get("direction") == "up", user=request.user)
    return redirect(question.template)


@login_required
@require_POST
def question_deactivate(request, pk):
    question = changeable(request, Question.objects.select_related("template"), pk)
    services.question_deactivate(question=question, user=request.user)
    messages.success(request, _("Question removed from the form; its answers are kept."))
    return redirect(question.template)
