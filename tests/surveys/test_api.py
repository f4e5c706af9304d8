"""The surveys API: templates with questions, indices per department and month, responses."""

import uuid

import pytest
from django.utils import timezone

from chuangwen.surveys import services, tasks
from chuangwen.surveys.models import Question

from .conftest import questions_of

pytestmark = pytest.mark.django_db


def submit(template, department, rating):
    qs = questions_of(template)
    raw = {q.pk: str(rating) if q.kind == Question.Kind.RATING else "2" for q in qs}
    services.response_submit(
        template=template,
        department=department,
        answers=services.clean_answers(qs, raw).answers,
        idempotency_key=uuid.uuid4().hex,
        suggestion="挂号排队太久",
    )


def test_templates_with_questions(call, world, survey):
    r = call(world.head, "GET", f"/api/surveys/templates/{survey.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "门诊患者满意度调查" and len(body["questions"]) == len(questions_of(survey))
    assert body["questions"][0]["kind"] == "rating"


def test_indices_per_department_and_month(call, world, survey):
    submit(survey, world.a_med, 5)
    submit(survey, world.a_med, 4)
    submit(survey, world.a_surg, 3)
    # Read as they are: nothing counted until the background job has run, and the API says so.
    assert call(world.office, "GET", f"/api/surveys/indices?unit={world.a.pk}").json() == []
    fresh = call(world.office, "GET", f"/api/surveys/indices/freshness?unit={world.a.pk}").json()
    assert fresh == {"as_of": None, "pending": 3}
    assert call(world.head, "GET", "/api/surveys/indices/freshness").json()["pending"] == 2  # their department's
    tasks.fold_counts.call()
    fresh = call(world.office, "GET", f"/api/surveys/indices/freshness?unit={world.a.pk}").json()
    assert fresh["pending"] == 0 and fresh["as_of"]
    rows = call(world.office, "GET", f"/api/surveys/indices?unit={world.a.pk}").json()
    by_dept = {r["department_id"]: r for r in rows}
    assert by_dept[world.a_med.pk]["index"] == 87.5 and by_dept[world.a_med.pk]["responses"] == 2
    assert by_dept[world.a_surg.pk]["index"] == 50.0
    assert by_dept[world.a_med.pk]["month"] == f"{timezone.localdate():%Y-%m}"
    head_rows = call(world.head, "GET", "/api/surveys/indices").json()
    assert {r["department_id"] for r in head_rows} == {world.a_med.pk}


def test_responses_for_staff_only(call, world, survey):
    submit(survey, world.a_med, 4)
    body = call(world.office, "GET", "/api/surveys/responses").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["suggestion"] == "挂号排队太久" and len(item["answers"]) == len(questions_of(survey))
    assert call(world.staff, "GET", "/api/surveys/responses").json()["count"] == 0
    assert call(world.inspector, "GET", f"/api/surveys/responses/{item['id']}").status_code == 404
