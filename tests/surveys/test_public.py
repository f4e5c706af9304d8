"""The public form at /s/<token>/: no login, signed tokens, limits, one response per form."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import signing

from chuangwen.core.publicforms import SURVEY
from chuangwen.surveys import services
from chuangwen.surveys.models import Answer, DepartmentMonth, Response

from .conftest import form_url, full_answers, hidden, questions_of

pytestmark = pytest.mark.django_db


def test_form_shows_hospital_department_and_questions_without_login(client, world, survey):
    r = client.get(form_url(survey, world.a_med))
    assert r.status_code == 200
    html = r.content.decode()
    assert "青溪县人民医院" in html and "内科" in html
    for q in questions_of(survey):
        assert q.text in html
    assert r["Cache-Control"].startswith("max-age=0")


def test_submit_stores_one_response_and_counts_it(client, world, survey, answer):
    r = answer(survey, world.a_med, rating=4, data={"suggestion": "候诊时间太长"}, REMOTE_ADDR="10.1.2.3")
    assert r.status_code == 302 and r["Location"].endswith("/thanks/")
    resp = Response.objects.get()
    assert (resp.department, resp.unit, resp.channel) == (world.a_med, world.a, "qr")
    assert resp.suggestion == "候诊时间太长"
    assert len(resp.fingerprint) == 32 and "10.1.2.3" not in resp.fingerprint
    assert Answer.objects.filter(response=resp).count() == len(questions_of(survey))
    services.counts_fold()
    row = DepartmentMonth.objects.get(department=world.a_med)
    assert row.responses == 1 and row.index == 75.0
    thanks = client.get(r["Location"])
    assert thanks.status_code == 200 and "Thank you" in thanks.content.decode()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # altered signature
        lambda t: t.replace(t.split(".")[1], str(int(t.split(".")[1]) + 1), 1),  # another department, same signature
        lambda t: "1.2.3",  # guessed, unsigned
        lambda t: signing.Signer(salt="another").sign(t.split(":")[0]),  # signed with another salt
    ],
)
def test_tampered_token_gives_invalid_page(client, world, survey, mangle):
    token = SURVEY.link(unit_id=world.a.pk, department_id=world.a_med.pk, template_id=survey.pk)
    r = client.get(f"/s/{mangle(token)}/")
    assert r.status_code == 404
    html = r.content.decode()
    assert "This QR code is invalid or no longer in use." in html
    assert "内科" not in html and "外科" not in html


def test_validly_signed_but_mismatched_ids_are_invalid(client, world, survey, survey_b):
    # Hospital B's department with hospital A's survey: signed by us, still never shown.
    token = signing.Signer(salt=SURVEY.link_salt).sign(f"{world.a.pk}.{world.b_med.pk}.{survey.pk}")
    assert client.get(f"/s/{token}/").status_code == 404
    token = signing.Signer(salt=SURVEY.link_salt).sign(f"{world.a.pk}.{world.a_med.pk}.{survey_b.pk}")
    assert client.get(f"/s/{token}/").status_code == 404


def test_inactive_survey_or_department_is_invalid(client, world, survey):
    url = form_url(survey, world.a_med)
    survey.is_active = False
    survey.save()
    r = client.get(url)
    assert r.status_code == 404 and "no longer in use" in r.content.decode()


def test_required_questions_are_enforced_with_messages(client, world, survey):
    url = form_url(survey, world.a_med)
    html = client.get(url).content.decode()
    first, *_rest = questions_of(survey)
    data = {"ft": hidden(html, "ft"), "key": hidden(html, "key"), **full_answers(survey)}
    del data[f"q{first.pk}"]
    data[f"q{_rest[0].pk}"] = "9"
    r = client.post(url, data)
    assert r.status_code == 200
    page = r.content.decode()
    assert f"Please answer “{first.text}”." in page
    assert f"“{_rest[0].text}”: give a rating from 1 to 5." in page
    assert not Response.objects.exists()


def test_double_tap_stores_one_response(client, world, survey):
    url = form_url(survey, world.a_med)
    html = client.get(url).content.decode()
    data = {"ft": hidden(html, "ft"), "key": hidden(html, "key"), **full_answers(survey)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1
    services.counts_fold()
    assert DepartmentMonth.objects.get().responses == 1


def test_rate_limit_per_client_and_department(client, world, survey, answer, settings):
    settings.SURVEYS_RATE_LIMITS = {**settings.SURVEYS_RATE_LIMITS, "client": (2, 600)}
    assert answer(survey, world.a_med).status_code == 302
    assert answer(survey, world.a_med).status_code == 302
    r = answer(survey, world.a_med)
    assert r.status_code == 429
    assert "Too many submissions from this device" in r.content.decode()
    assert Response.objects.count() == 2
    # Another department's poster is counted on its own; another phone too.
    assert answer(survey, world.a_surg).status_code == 302
    assert answer(survey, world.a_med, HTTP_USER_AGENT="another phone").status_code == 302


def test_rate_limit_per_address(client, world, survey, answer, settings):
    settings.SURVEYS_RATE_LIMITS = {**settings.SURVEYS_RATE_LIMITS, "ip": (3, 600)}
    for i in range(3):
        assert answer(survey, world.a_med, HTTP_USER_AGENT=f"ua {i}").status_code == 302
    assert answer(survey, world.a_surg, HTTP_USER_AGENT="ua 9").status_code == 429
    assert answer(survey, world.a_med, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_oversized_request_and_text_are_refused(client, world, survey, answer, settings):
    settings.SURVEYS_MAX_BODY = 2000
    r = answer(survey, world.a_med, data={"suggestion": "很" * 1500})
    assert r.status_code == 413 and "too large" in r.content.decode()
    settings.SURVEYS_MAX_BODY = 64 * 1024
    r = answer(survey, world.a_med, data={"suggestion": "很" * 501})
    assert r.status_code == 200 and "more than 500 characters" in r.content.decode()
    assert not Response.objects.exists()


def test_form_token_must_be_ours_recent_and_for_this_form(client, world, survey):
    url = form_url(survey, world.a_med)
    html = client.get(url).content.decode()
    key = hidden(html, "key")
    other = SURVEY.read_link(form_url(survey, world.a_surg).strip("/").split("/")[1])
    for ft in ("", "forged:token", SURVEY.form_token(other)):
        r = client.post(url, {"ft": ft, "key": key, **full_answers(survey)})
        assert r.status_code == 400 and "This page has expired" in r.content.decode()
    assert not Response.objects.exists()


def test_public_side_reveals_no_results(client, world, survey, answer):
    for _ in range(3):
        answer(survey, world.a_med, rating=1, data={"suggestion": "态度差，电话13800001111"})
    url = form_url(survey, world.a_med)
    for page in (client.get(url), client.get(url + "thanks/")):
        html = page.content.decode()
        assert "13800001111" not in html and "态度差" not in html and "Satisfaction index" not in html
    # Results pages and the API need a login.
    assert client.get("/surveys/index/").status_code == 302
    assert client.get("/surveys/responses/").status_code == 302
    assert client.get("/api/surveys/responses").status_code == 401


@pytest.mark.parametrize("bad", ["%00", "%FF%FE"], ids=["nul", "not-utf8"])
def test_nul_or_broken_encoding_in_the_suggestion_gets_a_message_in_chinese(client, world, survey, bad):
    url = form_url(survey, world.a_med)
    html = client.get(url).content.decode()
    fields = {"ft": hidden(html, "ft"), "key": hidden(html, "key"), **full_answers(survey)}
    body = urlencode(fields) + f"&suggestion=%E5%A4%AA%E5%90%B5{bad}"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)  # a patient's phone: Chinese
    r = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200
    page = r.content.decode()
    assert "“意见建议”中有无法识别的字符" in page
    assert "太吵" in page  # the rest of the text is kept for correcting
    assert not Response.objects.exists()


def test_nul_in_a_text_answer_names_the_question(world, survey):
    text_question = survey.questions.create(text="还有什么想说的？", kind="text", required=False, order=99)
    checked = services.clean_answers([text_question], {text_question.pk: "好\x00"})
    assert checked.errors == {
        text_question.pk: f"“{text_question.text}” contains characters that cannot be read "
        "(a broken encoding or a null character). Please type it again."
    }


def test_behind_a_proxy_the_address_limit_counts_patients_not_the_proxy(client, world, survey, answer, settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    settings.SURVEYS_RATE_LIMITS = {**settings.SURVEYS_RATE_LIMITS, "ip": (2, 600)}
    nginx = {"REMOTE_ADDR": "10.0.0.2"}
    for i in range(2):
        r = answer(survey, world.a_med, HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_USER_AGENT=f"ua {i}", **nginx)
        assert r.status_code == 302
    # The same patient with a forged entry in front of the one nginx wrote: still the same address.
    forged = "6.6.6.6, 203.0.113.7"
    assert answer(survey, world.a_med, HTTP_X_FORWARDED_FOR=forged, HTTP_USER_AGENT="ua 9", **nginx).status_code == 429
    # Another patient behind the same nginx is counted apart.
    assert answer(survey, world.a_med, HTTP_X_FORWARDED_FOR="198.51.100.20", **nginx).status_code == 302
    assert Response.objects.count() == 3
