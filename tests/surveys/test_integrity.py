"""Responses and answers reference their unit, department, template and questions with foreign
keys the database checks: it refuses an answer pointing at a missing question. Nothing they
point at can be deleted through Django while they exist, and deleting is never how a template,
a question or a department is retired."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, ProtectedError

from chuangwen.surveys import services
from chuangwen.surveys.models import Answer, Question, Response

from .conftest import questions_of
from .test_services import submit

pytestmark = pytest.mark.django_db


def test_what_responses_point_at_cannot_be_deleted(world, survey):
    submit(survey, world.a_med, [4])
    question = questions_of(survey)[0]
    for obj in (question, survey, world.a_med, world.a):
        with pytest.raises(ProtectedError):
            obj.delete()
    assert Response.objects.count() == 1 and Answer.objects.count() == len(questions_of(survey))


def test_retiring_keeps_the_rows(world, survey):
    submit(survey, world.a_med, [4])
    question = questions_of(survey)[0]
    services.question_deactivate(question=question, user=world.office)
    question.refresh_from_db()
    assert not question.is_active
    answer = Answer.objects.get(question=question)
    assert answer.question == question and answer.response.department == world.a_med


def test_responses_and_answers_have_foreign_keys_in_the_database():
    tables = {Response._meta.db_table, Answer._meta.db_table}
    with connection.cursor() as cursor:
        constraints = {table: connection.introspection.get_constraints(cursor, table) for table in tables}
    foreign = {
        (table, c["columns"][0], c["foreign_key"][0])
        for table, per_table in constraints.items()
        for c in per_table.values()
        if c["foreign_key"]
    }
    response, answer = Response._meta.db_table, Answer._meta.db_table
    assert {
        (response, "template_id", "surveys_surveytemplate"),
        (response, "unit_id", "org_unit"),
        (response, "department_id", "org_department"),
        (answer, "response_id", response),
        (answer, "question_id", "surveys_question"),
    } <= foreign


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_an_answer_to_a_missing_question(world, survey):
    """Django's foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED on PostgreSQL,
    deferred on SQLite with foreign keys on): the transaction that writes the answer fails."""
    response = submit(survey, world.a_med, [4]).response
    missing = (Question.objects.aggregate(m=Max("pk"))["m"] or 0) + 1000
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            Answer.objects.create(response=response, question_id=missing, rating=3)
    assert not Answer.objects.filter(question_id=missing).exists()
    assert Answer.objects.filter(response=response).count() == len(questions_of(survey))
