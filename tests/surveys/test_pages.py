"""Staff pages: the satisfaction index (equal to one recomputed from raw answers), templates and
questions, posters, paper-card entry."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chuangwen.surveys import services, tasks
from chuangwen.surveys.models import Answer, Question, Response, SurveyTemplate

from .conftest import questions_of

pytestmark = pytest.mark.django_db


def fill(template, department, n, rng_seed=1, when=None):
    import random

    rng = random.Random(rng_seed)
    qs = questions_of(template)
    for _ in range(n):
        raw = {q.pk: str(rng.randint(1, 5)) if q.kind == Question.Kind.RATING else "1" for q in qs}
        clean = services.clean_answers(qs, raw)
        services.response_submit(
            template=template,
            department=department,
            answers=clean.answers,
            idempotency_key=uuid.uuid4().hex,
            submitted_at=when,
        )


def recomputed_index(department, month_start):
    ratings = list(
        Answer.objects.filter(
            response__department=department,
            response__month=month_start,
            question__kind="rating",
            question__counts_in_index=True,
        ).values_list("rating", flat=True)
    )
    mean = sum(ratings) / len(ratings)
    return round((mean - 1) / 4 * 100, 1)


def test_index_on_the_page_equals_one_recomputed_from_raw_answers(login, world, surveys):
    out, inp = surveys
    fill(out, world.a_med, 17, rng_seed=3)
    fill(inp, world.a_med, 9, rng_seed=4)
    fill(out, world.a_surg, 11, rng_seed=5)
    # One rating question that does not count: it must not change the index.
    q = questions_of(out)[0]
    services.question_update(question=q, counts_in_index=False, user=world.office)
    services.aggregates_rebuild(template=out)
    tasks.fold_counts.call()  # the background job counts what the rebuild left to it
    month = timezone.localdate().replace(day=1)
    html = login(world.office).get("/surveys/index/").content.decode()
    for d in (world.a_med, world.a_surg):
        shown = re.search(rf'data-testid="index-{d.pk}">(?:<span[^>]*>)?([\d.]+)', html).group(1)
        assert float(shown) == recomputed_index(d, month)
    assert "(m − 1) ÷ 4 × 100" in html


def test_dashboard_query_count_does_not_grow_with_data(login, world, surveys, django_assert_max_num_queries):
    client = login(world.office)
    fill(surveys[0], world.a_med, 3)
    tasks.fold_counts.call()
    client.get("/surveys/index/")  # the unit's alert settings into the cache
    with CaptureQueriesContext(connection) as small:
        client.get("/surveys/index/")
    fill(surveys[0], world.a_surg, 20, when=timezone.now() - timedelta(days=35))
    fill(surveys[1], world.a_med, 10)
    with CaptureQueriesContext(connection) as big:
        page = client.get("/surveys/index/")
    assert page.status_code == 200
    # The page reads the aggregates as they are, writing nothing: a fixed number of queries
    # however many responses there are, one more (the time of the last count) while some wait.
    assert len(big) == len(small) + 1 <= 24
    writes = [q["sql"] for q in big if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert "30 responses still to be counted" in page.content.decode()
    tasks.fold_counts.call()
    with CaptureQueriesContext(connection) as idle:
        page = client.get("/surveys/index/")
    assert page.status_code == 200
    assert len(idle) == len(small)
    html = page.content.decode()
    assert "still to be counted" not in html and re.search(r"Figures as of \d\d:\d\d:\d\d", html)


def test_response_list_and_detail(login, world, survey):
    fill(survey, world.a_med, 60)
    client = login(world.office)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/surveys/responses/")
    assert r.status_code == 200 and len(ctx) <= 15
    assert len(re.findall(r'href="/surveys/responses/\d+/"', r.content.decode())) == 50
    one = Response.objects.first()
    assert client.get(f"/surveys/responses/{one.pk}/").status_code == 200
    filtered = client.get(f"/surveys/responses/?department={world.a_surg.pk}")
    assert "No responses found." in filtered.content.decode()


def test_department_head_sees_only_own_department(login, world, survey):
    fill(survey, world.a_med, 2)
    fill(survey, world.a_surg, 2)
    tasks.fold_counts.call()
    client = login(world.head)
    html = client.get("/surveys/index/").content.decode()
    assert f'data-testid="index-{world.a_med.pk}"' in html and f'data-testid="index-{world.a_surg.pk}"' not in html
    surg = Response.objects.filter(department=world.a_surg).first()
    assert client.get(f"/surveys/responses/{surg.pk}/").status_code == 404


def test_staff_and_inspectors_see_no_results(login, world, survey):
    fill(survey, world.a_med, 2)
    for user in (world.staff, world.inspector):
        client = login(user)
        assert client.get(f"/surveys/responses/{Response.objects.first().pk}/").status_code == 404
        assert "No responses found." in client.get("/surveys/responses/").content.decode()


def test_office_builds_a_survey(login, world):
    client = login(world.office)
    r = client.post("/surveys/templates/new/", {"name": "职工满意度调查", "audience": "staff", "is_active": "on"})
    t = SurveyTemplate.objects.get(name="职工满意度调查")
    assert r.status_code == 302 and r["Location"] == f"/surveys/templates/{t.pk}/"
    r = client.post(
        f"/surveys/templates/{t.pk}/questions/new/",
        {"text": "食堂饭菜质量", "kind": "rating", "required": "on", "counts_in_index": "on"},
    )
    assert r.status_code == 302
    r = client.post(
        f"/surveys/templates/{t.pk}/questions/new/", {"text": "班次安排", "kind": "single", "options_text": "满意"}
    )
    assert r.status_code == 200 and "at least two options" in r.content.decode()
    client.post(
        f"/surveys/templates/{t.pk}/questions/new/",
        {"text": "希望增加的福利", "kind": "multiple", "options_text": "体检\n疗养\n培训"},
    )
    last = t.questions.order_by("order").last()
    assert last.options == ["体检", "疗养", "培训"] and not last.required
    client.post(f"/surveys/questions/{last.pk}/move/", {"direction": "up"})
    assert [q.text for q in questions_of(t)] == ["希望增加的福利", "食堂饭菜质量"]
    client.post(f"/surveys/questions/{last.pk}/remove/")
    assert [q.text for q in questions_of(t)] == ["食堂饭菜质量"]
    assert client.get(f"/surveys/templates/{t.pk}/").status_code == 200


def test_default_surveys_button(login, world):
    client = login(world.office)
    client.post("/surveys/templates/defaults/")
    names = set(SurveyTemplate.objects.filter(unit=world.a).values_list("name", flat=True))
    assert names == {"门诊患者满意度调查", "住院患者出院满意度调查"}


def test_view_only_users_get_403_on_change(login, world, survey):
    q = questions_of(survey)[0]
    client = login(world.head)
    assert client.get(f"/surveys/templates/{survey.pk}/").status_code == 200
    assert client.get(f"/surveys/templates/{survey.pk}/edit/").status_code == 403
    assert client.post(f"/surveys/questions/{q.pk}/remove/").status_code == 403
    assert client.get(f"/surveys/templates/{survey.pk}/posters/").status_code == 403
    assert client.post("/surveys/templates/defaults/").status_code == 403


def test_posters_png_pdf_and_print_sheet(login, world, survey):
    client = login(world.office)
    png = client.get(f"/surveys/templates/{survey.pk}/posters/{world.a_med.pk}.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(png.content)).size == (1240, 1754)
    pdf = client.get(f"/surveys/templates/{survey.pk}/posters/{world.a_med.pk}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # A PDF is never rendered from our own origin: an attachment, not sniffed; the image may show inline.
    assert pdf["Content-Disposition"].startswith("attachment;") and pdf["X-Content-Type-Options"] == "nosniff"
    assert png["Content-Disposition"].startswith("inline;")
    sheet = client.get(f"/surveys/templates/{survey.pk}/posters/").content.decode()
    assert sheet.count('data-testid="poster"') == 2
    # Another unit's department through this unit's survey: not found.
    assert client.get(f"/surveys/templates/{survey.pk}/posters/{world.b_med.pk}.png").status_code == 404


def test_poster_qr_opens_the_form(world, survey):
    from chuangwen.surveys.posters import qr_image

    img = qr_image("http://testserver/s/1.2.3:abc/", 400)
    assert 300 <= img.width <= 420


def test_paper_entry_page_saves_a_batch(login, world, survey):
    client = login(world.head)
    page = client.get("/surveys/paper/")
    assert page.status_code == 200 and 'data-testid="paper-grid"' in page.content.decode()
    qs = questions_of(survey)
    data = {"template": survey.pk, "department": world.a_med.pk, "rows": 10}
    for row in (1, 2):
        for q in qs:
            data[f"r{row}-q{q.pk}"] = "4" if q.kind == "rating" else "1"
    data["r2-suggestion"] = "病房晚上有点吵"
    data[f"r3-q{qs[0].pk}"] = "6"
    r = client.post("/surveys/paper/", data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "Row 3:" in html and "Row 1:" not in html
    assert not Response.objects.exists()
    del data[f"r3-q{qs[0].pk}"]
    r = client.post("/surveys/paper/", data)
    assert r.status_code == 302
    assert Response.objects.filter(channel="paper", department=world.a_med).count() == 2
    # A department head cannot type in cards for another department.
    data["department"] = world.a_surg.pk
    client.post("/surveys/paper/", data)
    assert not Response.objects.filter(department=world.a_surg).exists()


def test_alert_settings(login, world):
    client = login(world.office)
    r = client.post("/surveys/index/settings/", {"alert_threshold": 90, "min_responses": 5})
    assert r.status_code == 302
    assert services.settings_for(world.a.pk) == (90, 5)
    assert login(world.head).get("/surveys/index/settings/").status_code == 403
