"""投诉编号设置: a hospital's own prefix goes into its next complaint numbers (not those already
given, not another hospital's), so the bureau's list never shows one number twice; the office
sets it (checked, with history), others may not."""

import datetime

from django.urls import reverse
from django.utils import timezone

from chuangwen.feedback import services
from chuangwen.feedback.models import ComplaintSettings

WHEN = timezone.make_aware(datetime.datetime(2026, 11, 5, 9))


def test_a_units_prefix_numbers_its_next_complaints_only(world, login, client):
    w = world
    assert services.reference_next(unit=w.a, when=WHEN) == "TS2026110001"
    login(w.office)
    url = reverse("feedback:numbering")
    assert client.get(url).status_code == 200
    r = client.post(url, {"reference_prefix": "rmyy-ts"})
    assert r.status_code == 302
    settings = ComplaintSettings.objects.get(unit=w.a)
    assert settings.reference_prefix == "RMYY-TS" and settings.history.count() == 1
    assert services.reference_next(unit=w.a, when=WHEN) == "RMYY-TS2026110002"
    assert services.reference_next(unit=w.b, when=WHEN) == "TS2026110001"  # B keeps the default
    assert services.references_take([(w.a.pk, WHEN), (w.b.pk, WHEN)]) == ["RMYY-TS2026110003", "TS2026110002"]


def test_a_bad_prefix_is_refused_with_the_reason_and_others_may_not_set_it(world, login, client):
    w = world
    login(w.office)
    url = reverse("feedback:numbering")
    r = client.post(url, {"reference_prefix": "人民医院"})
    assert r.status_code == 200 and "大写字母" in r.content.decode()
    assert not ComplaintSettings.objects.exists()
    login(w.staff)
    assert client.get(url).status_code == 403
