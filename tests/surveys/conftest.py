"""Fixtures of the surveys tests: hospital A's and B's default surveys (outpatient, inpatient),
the public URL of a department's form, and a helper that answers it."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from chuangwen.core.publicforms import SURVEY
from chuangwen.surveys import services
from chuangwen.surveys.models import Question
from chuangwen.surveys.services import store


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are checked against their msgids (English), whatever the .po files say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    """Rate-limit counters and cached settings live in the cache, the moment the next count is
    due in the process: every test starts empty, with a count due."""
    monkeypatch.setattr(store, "_fold_due", 0.0)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def surveys(world):
    """(outpatient, inpatient) default surveys of hospital A."""
    out, inp = services.default_templates_create(unit=world.a, user=world.office)
    return out, inp


@pytest.fixture
def survey(surveys):
    return surveys[0]


@pytest.fixture
def survey_b(world):
    b_office = _office_of(world.b)
    return services.default_templates_create(unit=world.b, user=b_office)[0]


def _office_of(unit):
    from chuangwen.core.roles import Role
    from tests import factories as f

    user = f.user(f"office_{unit.pk}")
    f.member(user, Role.OFFICE, unit=unit)
    return user


def form_url(template, department) -> str:
    return "/s/" + SURVEY.link(unit_id=template.unit_id, department_id=department.pk, template_id=template.pk) + "/"


def questions_of(template):
    return list(template.questions.filter(is_active=True).order_by("order", "id"))


def full_answers(template, rating=5) -> dict:
    """POST data answering every question (ratings all ``rating``, first option of choices)."""
    data = {}
    for q in questions_of(template):
        if q.kind == Question.Kind.RATING:
            data[f"q{q.pk}"] = str(rating)
        elif q.is_choice:
            data[f"q{q.pk}"] = "1"
    return data


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


@pytest.fixture
def answer(client):
    """``answer(template, department, rating=5, **extra)``: load the public form and submit it;
    returns the POST response."""

    def _answer(template, department, rating=5, data=None, **headers):
        url = form_url(template, department)
        html = client.get(url, **headers).content.decode()
        body = {"ft": hidden(html, "ft"), "key": hidden(html, "key"), **full_answers(template, rating)}
        body.update(data or {})
        return client.post(url, body, **headers)

    return _answer
