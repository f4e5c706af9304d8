"""A patient looks a complaint up by its reference number and the last four digits of the phone:
status and reply only, the same answer for a wrong number and wrong digits, rate-limited."""

from django.urls import reverse
from django.utils import timezone

from chuangwen.core.publicforms import COMPLAINT
from tests import factories as f


def _url(world, unit=None):
    return reverse("feedback_public:lookup", args=[COMPLAINT.link(unit_id=(unit or world.a).pk, department_id=None)])


def _complaint(world, **kw):
    kw.setdefault("reference", "TS2026030007")
    return f.complaint(
        world.a,
        complainant_name="赵敏",
        complainant_phone="13912345678",
        department=world.a_med,
        content="挂号窗口排队时间过长。",
        **kw,
    )


def test_status_and_reply_by_reference_and_last_four_digits(world, client):
    _complaint(world, status="replied", reply_text="已对窗口人员进行培训，增开两个窗口。", replied_at=timezone.now())
    r = client.post(_url(world), {"reference": "ts2026030007", "phone_last4": "5678"})
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="lookup-result"' in html
    assert "已答复" in html and "增开两个窗口" in html
    # Nothing else: not the name, the phone, the department nor what was written.
    for secret in ("赵敏", "13912345678", "内科", "挂号窗口排队"):
        assert secret not in html
    assert "sessionid" not in r.cookies and "csrftoken" not in r.cookies


def test_no_such_number_and_wrong_digits_read_the_same(world, client):
    _complaint(world)
    wrong_digits = client.post(_url(world), {"reference": "TS2026030007", "phone_last4": "0000"}).content.decode()
    no_such = client.post(_url(world), {"reference": "TS2026039999", "phone_last4": "5678"}).content.decode()
    for html in (wrong_digits, no_such):
        assert 'data-testid="lookup-not-found"' in html and 'data-testid="lookup-result"' not in html
    strip = lambda h: h.replace("TS2026030007", "").replace("TS2026039999", "")  # noqa: E731
    assert strip(wrong_digits).replace("0000", "5678") == strip(no_such)


def test_another_hospitals_link_does_not_find_it(world, client):
    _complaint(world)
    html = client.post(_url(world, world.b), {"reference": "TS2026030007", "phone_last4": "5678"}).content.decode()
    assert 'data-testid="lookup-not-found"' in html


def test_guessing_digits_is_rate_limited(world, client):
    _complaint(world)
    answers = [
        client.post(_url(world), {"reference": "TS2026030007", "phone_last4": f"{n:04d}"}).status_code for n in range(6)
    ]
    assert answers[:5] == [200] * 5 and answers[5] == 429
    # Even the right digits are refused while the reference is locked.
    assert client.post(_url(world), {"reference": "TS2026030007", "phone_last4": "5678"}).status_code == 429


def test_bad_digits_name_the_field(world, client):
    r = client.post(_url(world), {"reference": "TS2026030007", "phone_last4": "56"})
    assert r.status_code == 400 and "后四位" in r.content.decode()


def test_thanks_page_links_to_the_lookup(world, client):
    token = COMPLAINT.link(unit_id=world.a.pk, department_id=None)
    thanks = COMPLAINT.thanks_token(r="TS2026030007", p=True)
    html = client.get(reverse("feedback_public:thanks", args=[token, thanks])).content.decode()
    assert reverse("feedback_public:lookup", args=[token]) in html and "感谢您的反馈" in html
