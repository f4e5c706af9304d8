"""Suggestions handed over to the complaints app in a batch (surveys/hand_over.py →
feedback.intake.suggestions_receive): each complaint and its "received" record get their
"created" history row from simple-history's own ``bulk_create_with_history``, by one statement
per table for the batch."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangwen.feedback.models import Complaint, HandlingRecord
from chuangwen.surveys import services
from chuangwen.surveys.models import Question

from .conftest import questions_of

pytestmark = pytest.mark.django_db


def with_suggestions(survey, department, n):
    qs = questions_of(survey)
    raw = {q.pk: "3" if q.kind == Question.Kind.RATING else "1" for q in qs}
    for i in range(n):
        services.response_submit(
            template=survey,
            department=department,
            answers=services.clean_answers(qs, raw).answers,
            idempotency_key=uuid.uuid4().hex,
            suggestion=f"第{i}条意见",
            fingerprint=f"{i:032x}",
        )


def test_each_complaint_and_record_gets_its_created_history(world, survey):
    with_suggestions(survey, world.a_med, 3)
    assert services.suggestions_hand_over() == 3
    complaints = list(Complaint.objects.order_by("pk"))
    assert [c.content for c in complaints] == ["第0条意见", "第1条意见", "第2条意见"]
    for complaint in complaints:
        history = Complaint.history.get(id=complaint.pk)
        assert (history.content, history.reference, history.history_type) == (
            complaint.content,
            complaint.reference,
            "+",
        )
        assert history.history_user is None and history.history_change_reason is None
        assert (history.unit_id, history.department_id, history.channel) == (world.a.pk, world.a_med.pk, "survey")
    records = HandlingRecord.objects.filter(complaint__in=complaints)
    assert records.count() == 3
    assert HandlingRecord.history.filter(id__in=[r.pk for r in records], history_type="+").count() == 3


def test_one_history_statement_per_table_for_a_batch(world, survey):
    with_suggestions(survey, world.a_med, 20)
    with CaptureQueriesContext(connection) as ctx:
        assert services.suggestions_hand_over() == 20
    tables = (Complaint.history.model._meta.db_table, HandlingRecord.history.model._meta.db_table)
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT INTO")]
    for table in tables:
        assert len([sql for sql in inserts if sql.startswith(f'INSERT INTO "{table}"')]) == 1
    assert Complaint.history.filter(history_user=None).count() == 20
