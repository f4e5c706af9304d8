"""The list of survey responses and one response with its answers."""

from __future__ import annotations

from chuangwen.core.views import ScopedDetailView, ScopedListView

from ..filtersets import ResponseFilterSet
from ..models import Answer, Response


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
