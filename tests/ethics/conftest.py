import datetime

import pytest

from chuangwen.ethics import services
from chuangwen.ethics.models import VetoAct


@pytest.fixture
def rules(world):
    """The standard rule set of 2026 of hospital A, published."""
    rule_set = services.ruleset_create(unit=world.a, year=2026)
    return services.ruleset_publish(rule_set=rule_set)


@pytest.fixture
def red_envelope(db):
    return VetoAct.objects.get(unit=None, code="red_envelope")


@pytest.fixture
def evaluation(world, rules):
    return services.evaluation_open(
        unit=world.a, year=2026, rule_set=rules, departments=[world.a_med, world.a_surg], by=world.office
    )


def all_scores(row, value):
    row.self_score = row.department_score = row.patients_score = row.committee_score = value
    row.save()


TODAY = datetime.date(2026, 11, 20)
