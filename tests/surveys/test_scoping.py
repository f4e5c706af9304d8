"""Hospital A's users can neither list, read, change nor download anything of hospital B, by
page or API; the supervisor of county X reads both; nobody reads results anonymously."""

import uuid

import pytest

from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.surveys import services, tasks
from chuangwen.surveys.models import (
    DepartmentMonth,
    Question,
    QuestionMonth,
    Response,
    SatisfactionAlert,
    SatisfactionSettings,
    SurveyTemplate,
)

from .conftest import questions_of

pytestmark = pytest.mark.django_db


def one(template, department, rating=2):
    qs = questions_of(template)
    raw = {q.pk: str(rating) if q.kind == Question.Kind.RATING else "1" for q in qs}
    return services.response_submit(
        template=template,
        department=department,
        answers=services.clean_answers(qs, raw).answers,
        idempotency_key=uuid.uuid4().hex,
    ).response


@pytest.fixture
def b_data(world, survey, survey_b):
    one(survey, world.a_med)
    resp = one(survey_b, world.b_med)
    services.settings_update(
        unit=world.b, alert_threshold=90, min_responses=1, user=survey_b.history.first().history_user
    )
    tasks.fold_counts.call()
    alert = services.alert_raise(department=world.b_med, month=resp.month)
    return resp, alert


MODELS = [SurveyTemplate, Question, Response, DepartmentMonth, QuestionMonth, SatisfactionAlert, SatisfactionSettings]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_hospital_a_users_never_list_or_change_hospital_b(world, b_data, model):
    unit = "template__unit" if model is Question else "unit"
    assert model.objects.filter(**{unit: world.b}).exists()
    for user in (world.office, world.head, world.inspector, world.secretary, world.staff, world.nobody):
        for action in (VIEW, CHANGE):
            assert not model.objects.visible_to(user, action).filter(**{unit: world.b}).exists(), (user, action)


def test_supervisor_reads_both_hospitals_results(world, b_data):
    units = set(Response.objects.visible_to(world.supervisor).values_list("unit_id", flat=True))
    assert units == {world.a.pk, world.b.pk}


def test_pages_of_hospital_b_are_not_found(login, world, survey_b, b_data):
    resp, alert = b_data
    q = questions_of(survey_b)[0]
    client = login(world.office)
    for url in (
        f"/surveys/responses/{resp.pk}/",
        f"/surveys/templates/{survey_b.pk}/",
        f"/surveys/templates/{survey_b.pk}/edit/",
        f"/surveys/templates/{survey_b.pk}/posters/",
        f"/surveys/templates/{survey_b.pk}/posters/{world.b_med.pk}.png",
        f"/surveys/templates/{survey_b.pk}/posters/{world.b_med.pk}.pdf",
        f"/surveys/questions/{q.pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/surveys/questions/{q.pk}/remove/").status_code == 404
    assert client.post(f"/surveys/index/alerts/{alert.pk}/acknowledge/").status_code == 404
    html = client.get("/surveys/index/").content.decode()
    assert f'data-testid="index-{world.b_med.pk}"' not in html
    listing = client.get("/surveys/responses/").content.decode()
    assert f"/surveys/responses/{resp.pk}/" not in listing
    # The B department cannot be chosen for paper cards either.
    data = {"template": survey_b.pk, "department": world.b_med.pk, "rows": 1}
    data.update({f"r1-q{x.pk}": "3" for x in questions_of(survey_b)})
    client.post("/surveys/paper/", data)
    assert Response.objects.filter(unit=world.b).count() == 1


def test_api_of_hospital_b_is_not_found(call, world, survey_b, b_data):
    resp, alert = b_data
    u = world.office
    assert call(u, "GET", f"/api/surveys/templates/{survey_b.pk}").status_code == 404
    assert call(u, "GET", f"/api/surveys/responses/{resp.pk}").status_code == 404
    items = call(u, "GET", "/api/surveys/responses").json()["items"]
    assert items and all(i["unit_id"] == world.a.pk for i in items)
    assert all(i["unit_id"] == world.a.pk for i in call(u, "GET", "/api/surveys/templates").json()["items"])
    assert all(i["unit_id"] == world.a.pk for i in call(u, "GET", "/api/surveys/indices").json())
    assert call(u, "GET", "/api/surveys/alerts").json()["items"] == []
    assert call(world.supervisor, "GET", "/api/surveys/alerts").json()["items"][0]["id"] == alert.pk
