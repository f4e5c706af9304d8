"""Paper-card batch entry: the batch size is a declared limit checked before any row is read; a
batch that claims more rows, or a malformed row count, is answered with a message, never a 500,
and no card is stored."""

import pytest
from django.conf import settings

from chuangwen.surveys import services
from chuangwen.surveys.models import Response

from .conftest import questions_of

PAGE = "/surveys/paper/"


def card_data(survey, world, rows: int | str, filled: int = 2) -> dict:
    data = {"template": survey.pk, "department": world.a_med.pk, "rows": rows}
    for row in range(1, filled + 1):
        for q in questions_of(survey):
            data[f"r{row}-q{q.pk}"] = "4" if q.kind == "rating" else "1"
    return data


def test_a_batch_claiming_a_million_rows_is_refused_before_reading(login, world, survey):
    client = login(world.head)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)  # the message users read, in Chinese
    response = client.post(PAGE, card_data(survey, world, 10**6))
    assert response.status_code == 400
    assert "一次最多录入 200 张意见卡，请分批保存" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("rows", ["abc", "9" * 5000, "-3", "１０"])
def test_a_malformed_row_count_falls_back_to_the_default_grid(login, world, survey, rows):
    """int() of 5000 digits raises in Python 3.11 and answered 500; now the default ten rows are read."""
    response = login(world.head).post(PAGE, card_data(survey, world, rows))
    assert response.status_code == 302
    assert Response.objects.filter(channel="paper").count() == 2


def test_the_limit_is_a_setting(login, world, survey, settings):
    settings.SURVEYS_PAPER_MAX_ROWS = 5
    client = login(world.head)
    assert client.post(PAGE, card_data(survey, world, 6)).status_code == 400
    assert client.post(PAGE, card_data(survey, world, 5)).status_code == 302
    assert Response.objects.count() == 2


def test_the_service_refuses_an_oversized_batch_whoever_calls_it(world, survey, settings):
    settings.SURVEYS_PAPER_MAX_ROWS = 3
    answers = {q.pk: "4" if q.kind == "rating" else "1" for q in questions_of(survey)}
    rows = [services.CardRow(row=i, values=answers) for i in range(1, 5)]
    with pytest.raises(services.BatchError) as info:
        services.paper_cards_enter(template=survey, department=world.a_med, rows=rows, user=world.head)
    assert info.value.errors == ["At most 3 cards can be typed in at once; save them in batches."]
    assert not Response.objects.exists()
