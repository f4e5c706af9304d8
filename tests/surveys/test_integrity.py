"""Responses and answers reference their unit, department, template and questions without a
constraint in the database (see Response): the application keeps them whole. Nothing they point
at can be deleted through Django while they exist, and deleting is never how a template, a
question or a department is retired."""

import pytest
from django.db import connection
from django.db.models import ProtectedError

from chuangwen.surveys import services
from chuangwen.surveys.models import Answer, Response

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


def test_the_hot_tables_have_no_foreign_key_constraints():
    tables = {Response._meta.db_table, Answer._meta.db_table}
    with connection.cursor() as cursor:
        constraints = {table: connection.introspection.get_constraints(cursor, table) for table in tables}
    foreign = [name for per_table in constraints.values() for name, c in per_table.items() if c["foreign_key"]]
    assert foreign == []
