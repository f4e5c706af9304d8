"""The public form: signed links, no login, duplicate protection, rate and size limits (429/413
with a clear message), and nothing of any complaint readable through a public URL."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from chuangwen.core.publicforms import COMPLAINT, Target
from chuangwen.feedback.models import Complaint


def _url(world, department=None):
    token = COMPLAINT.link(unit_id=world.a.pk, department_id=department.pk if department else None)
    return reverse("feedback_public:form", args=[token])


def _form_token(client, url):
    html = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def _post(client, url, form_token=None, **data):
    payload = {"kind": "complaint", "category": "process", "content": "门诊等候时间太长，排队两个小时", **data}
    payload["form_token"] = form_token or _form_token(client, url)
    return client.post(url, payload)


def test_form_works_without_login_and_thanks_with_reference(world, client):
    url = _url(world, world.a_med)
    page = client.get(url)
    assert page.status_code == 200 and "内科" in page.content.decode()
    resp = _post(client, url, contact_name="赵六", contact_phone="13900002222", consent="on")
    assert resp.status_code == 302
    c = Complaint.objects.get()
    assert (c.unit, c.department, c.channel, c.contact_consent) == (world.a, world.a_med, "public", True)
    thanks = client.get(resp["Location"]).content.decode()
    assert c.reference in thanks and "赵六" not in thanks and "排队" not in thanks


def test_unit_link_offers_departments(world, client):
    url = _url(world)
    assert "外科" in client.get(url).content.decode()
    _post(client, url, department=world.a_surg.pk)
    assert Complaint.objects.get().department == world.a_surg


@pytest.mark.parametrize("mangle", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t.replace(":", ".1:")])
def test_an_altered_link_is_not_valid(world, client, mangle):
    token = COMPLAINT.link(unit_id=world.a.pk, department_id=world.a_med.pk)
    resp = client.get(reverse("feedback_public:form", args=[mangle(token)]))
    assert resp.status_code == 404
    assert not Complaint.objects.exists()


def test_a_department_of_another_unit_cannot_be_smuggled_in(world, client):
    url = _url(world)
    _post(client, url, department=world.b_med.pk)
    assert not Complaint.objects.exists()


def test_double_tap_stores_one_complaint(world, client):
    url = _url(world, world.a_med)
    token = _form_token(client, url)
    first = _post(client, url, form_token=token)
    second = _post(client, url, form_token=token)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1


def test_rate_limit_answers_429_with_a_message(world, client, settings):
    settings.FEEDBACK_RATE_LIMITS = {**settings.FEEDBACK_RATE_LIMITS, "client": (2, 600)}
    url = _url(world)
    for i in range(2):
        assert _post(client, url, content=f"第{i}条意见：停车难").status_code == 302
    resp = _post(client, url, content="第三条意见：停车难")
    assert resp.status_code == 429
    assert "分钟" in resp.content.decode() or "minutes" in resp.content.decode()
    assert Complaint.objects.count() == 2


def test_the_ip_limit_holds_when_the_browser_changes(world, client, settings):
    settings.FEEDBACK_RATE_LIMITS = {"client": (100, 600), "ip": (2, 3600)}
    url = _url(world)
    for i in range(3):
        client.defaults["HTTP_USER_AGENT"] = f"bot/{i}"
        resp = _post(client, url, content=f"第{i}条")
    assert resp.status_code == 429 and Complaint.objects.count() == 2


def test_oversized_body_is_refused_with_413(world, client):
    url = _url(world)
    resp = _post(client, url, content="长" * 20000)
    assert resp.status_code == 413 and Complaint.objects.count() == 0


def test_too_long_text_is_a_form_error(world, client):
    resp = _post(client, _url(world), content="长" * 1200)
    assert resp.status_code == 400 and Complaint.objects.count() == 0
    assert "1000" in resp.content.decode()


def test_phone_needs_consent(world, client):
    resp = _post(client, _url(world), contact_phone="13900002222")
    assert resp.status_code == 400 and not Complaint.objects.exists()


def test_forged_or_foreign_form_token_is_refused(world, client):
    url_a = _url(world)
    token_b = COMPLAINT.form_token(Target(world.b.pk))
    resp = _post(client, url_a, form_token=token_b)
    assert resp.status_code == 400 and not Complaint.objects.exists()


def test_thanks_page_reads_nothing_from_the_database(world, client, django_assert_num_queries):
    url = _url(world)
    _post(client, url)
    thanks = COMPLAINT.thanks_token(r="TS2026110099", p=False)
    page = reverse("feedback_public:thanks", args=[url.split("/")[2], thanks])
    with django_assert_num_queries(1):  # the unit behind the link, nothing else
        resp = client.get(page)
    assert "TS2026110099" in resp.content.decode()
    forged = reverse("feedback_public:thanks", args=[url.split("/")[2], thanks[:-2] + "xx"])
    assert client.get(forged).status_code == 404


def test_no_staff_page_or_api_answers_anonymously(world, client, make):
    c = make()
    for path in (
        reverse("feedback:complaint_list"),
        reverse("feedback:complaint_detail", args=[c.pk]),
        reverse("feedback:complaint_export"),
    ):
        resp = client.get(path)
        assert resp.status_code == 302 and "/login/" in resp["Location"]
    assert client.get(f"/api/feedback/complaints/{c.pk}").status_code == 401


@pytest.mark.parametrize("bad", ["%00", "%FF%FE"], ids=["nul", "not-utf8"])
@pytest.mark.parametrize("field,label", [("content", "事情经过"), ("contact_name", "您的姓名（可不填）")])
def test_nul_or_broken_encoding_is_a_form_error_naming_the_field(world, client, field, label, bad):
    url = _url(world)
    payload = {
        "kind": "complaint",
        "category": "process",
        "content": "门诊等候时间太长",
        "form_token": _form_token(client, url),
    }
    body = urlencode(payload) + f"&{field}=%E5%BC%A0{bad}"
    if field == "content":
        body = body.replace(urlencode({"content": payload["content"]}) + "&", "")
    resp = client.post(url, body, content_type="application/x-www-form-urlencoded", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 400
    assert f"“{label}”中有无法识别的字符" in resp.content.decode()
    assert not Complaint.objects.exists()


def test_behind_a_proxy_the_limit_counts_patients_not_the_proxy(world, client, settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    settings.FEEDBACK_RATE_LIMITS = {"client": (100, 600), "ip": (1, 3600)}
    client.defaults["REMOTE_ADDR"] = "10.0.0.2"  # nginx
    url = _url(world)
    client.defaults["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    assert _post(client, url, content="第一条：停车难").status_code == 302
    client.defaults["HTTP_X_FORWARDED_FOR"] = "6.6.6.6, 203.0.113.7"  # a forged entry in front
    assert _post(client, url, content="第二条：停车难").status_code == 429
    client.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.20"  # another patient, same nginx
    assert _post(client, url, content="第三条：停车难").status_code == 302
    assert Complaint.objects.count() == 2
