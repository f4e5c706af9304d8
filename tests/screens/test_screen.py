"""The big screen opened by its kiosk link (issue 17, acceptance 3): no login, figures only (no
person's name, no phone), the same figures as the progress pages, and a clear stop when the
link is revoked or expired."""

import json
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chuangwen.dashboard import progress
from chuangwen.screens import data
from chuangwen.screens.services import link_revoke
from tests import factories as f

from .builders import PRIVATE

pytestmark = pytest.mark.django_db


def _urls(link):
    return reverse("screens:kiosk", args=[link.token]), reverse("screens:kiosk_data", args=[link.token])


def test_the_screen_and_its_data_answer_without_a_login_and_name_no_person(screen_world):
    w = screen_world
    link = f.kiosk_link(w.a, created_by=w.office)
    page_url, data_url = _urls(link)
    anonymous = Client()
    page = anonymous.get(page_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="/static/vendor/echarts/echarts.min.js"' in html and "screens/screen.js" in html
    assert "sessionid" not in page.cookies
    body = anonymous.get(data_url)
    assert body.status_code == 200 and body["Content-Type"] == "application/json"
    text = body.content.decode()
    for secret in PRIVATE:
        assert secret not in html, secret
        assert secret not in text, secret
    d = json.loads(text)
    assert d["title"] == "青溪县人民医院" and d["scope"] == "unit" and d["refresh_seconds"] == link.refresh_seconds
    assert d["updated_text"]


def test_the_figures_are_the_progress_pages(screen_world):
    w = screen_world
    link = f.kiosk_link(w.a)
    d = data.compute(link)
    tree = progress.item_tree(w.campaign)
    assert d["score"]["percent"] == progress.overall_of(tree).percent
    assert [(r["name"], r["value"]) for r in d["breakdown"]["rows"]] == [(a.title, a.score.percent) for a in tree]
    assert [(r["name"], r["value"], r["rank"]) for r in d["ranking"]["rows"]] == [("内科", 98.0, 1), ("外科", 95.0, 2)]
    t = d["today"]
    assert (t["findings"], t["findings_open"], t["findings_overdue"]) == (1, 2, 1)
    assert (t["complaints"], t["complaints_open"], t["complaints_overdue"]) == (1, 2, 1)
    assert {p["name"]: (p["findings"], p["complaints"]) for p in t["places"]} == {"内科": (1, 1)}
    assert d["satisfaction"]["current"] == 87.5 and d["satisfaction"]["values"][-1] == 87.5
    # Closures: the number, the item's code, where and when; another hospital's never.
    assert d["closures"] == [
        {
            "ref": f"#{w.closed.pk}",
            "item": w.items[1].code,
            "where": "外科",
            "date": timezone.localtime(w.closed.closed_at).strftime("%m-%d"),
        }
    ]


def test_a_region_screen_ranks_its_hospitals(screen_world):
    w = screen_world
    link = f.kiosk_link(region_=w.county_x)
    d = data.compute(link)
    assert d["scope"] == "region" and d["title"] == "青溪县"
    assert [r["name"] for r in d["ranking"]["rows"]] == ["县人民医院"]  # B has no campaign
    assert {r["name"]: r["value"] for r in d["breakdown"]["rows"]}["无创建周期"] == 1
    assert {c["ref"] for c in d["closures"]} == {f"#{w.closed.pk}", f"#{w.b_finding.pk}"}
    assert all(c["where"].startswith(("县人民医院", "县中医院")) for c in d["closures"])
    text = json.dumps(d, ensure_ascii=False)
    assert "临川" not in text  # county Y is not this region's
    for secret in PRIVATE:
        assert secret not in text, secret


def test_a_revoked_link_stops_with_its_message(screen_world):
    w = screen_world
    link = f.kiosk_link(w.a)
    page_url, data_url = _urls(link)
    assert Client().get(data_url).status_code == 200
    link_revoke(link=link, by=w.office)
    page = Client().get(page_url)
    assert page.status_code == 410
    assert "此大屏链接已于" in page.content.decode() and "停用" in page.content.decode()
    body = Client().get(data_url)
    assert body.status_code == 410 and body.json()["stopped"] is True and "停用" in body.json()["message"]


def test_an_expired_link_stops_and_an_unknown_one_is_not_found(screen_world):
    w = screen_world
    link = f.kiosk_link(w.a, expires_at=timezone.now() - timedelta(minutes=1))
    page_url, data_url = _urls(link)
    assert Client().get(page_url).status_code == 410
    body = Client().get(data_url)
    assert body.status_code == 410 and "过期" in body.json()["message"]
    missing = Client().get(reverse("screens:kiosk_data", args=["kiosk_nothing"]))
    assert missing.status_code == 404 and "不存在" in missing.json()["message"]
    assert Client().get(reverse("screens:kiosk", args=["x" * 300])).status_code == 404


def test_twenty_screens_cost_one_computation(screen_world, settings, django_assert_num_queries, monkeypatch):
    w = screen_world
    settings.SCREENS_CACHE_SECONDS = 60
    link = f.kiosk_link(w.a)
    calls = []
    real = data.compute
    monkeypatch.setattr(data, "compute", lambda link, **kw: calls.append(link.pk) or real(link, **kw))
    _page, data_url = _urls(link)
    client = Client()
    client.get(data_url)
    with django_assert_num_queries(19):  # one a request, the link's lookup: the figures come from the cache
        for _ in range(19):
            assert client.get(data_url).status_code == 200
    assert calls == [link.pk]


def test_stale_figures_are_recomputed_by_one_request(screen_world, settings, monkeypatch):
    w = screen_world
    settings.SCREENS_CACHE_SECONDS = 5
    link = f.kiosk_link(w.a)
    first = data.payload(link)
    later = time.time() + 6  # past fresh, still within the stale copy's life
    monkeypatch.setattr(data.time, "time", lambda: later)
    # Another request holds the lock: the previous figures are served meanwhile.
    cache.add(f"{data.cache_key(link)}:lock", 1, 30)
    real = data.compute
    monkeypatch.setattr(data, "compute", lambda *a, **kw: pytest.fail("computed while another request computes"))
    assert data.payload(link) == first
    # Once the lock is free, the next request is answered the previous figures at once and
    # recomputes them after its response (stale-while-revalidate).
    cache.delete(f"{data.cache_key(link)}:lock")
    calls = []
    monkeypatch.setattr(data, "compute", lambda link, **kw: calls.append(1) or real(link, **kw))
    deferred = []
    assert data.payload(link, defer=deferred) == first and calls == [] and len(deferred) == 1
    deferred[0]()
    assert calls == [1] and cache.get(f"{data.cache_key(link)}:lock") is None
    assert cache.get(data.cache_key(link))["data"] is not first


def test_the_data_follows_a_change_after_the_cache_seconds(screen_world, settings):
    w = screen_world
    settings.SCREENS_CACHE_SECONDS = 0
    link = f.kiosk_link(w.a)
    _page, data_url = _urls(link)
    before = Client().get(data_url).json()["today"]["findings"]
    f.finding(w.a, department=w.a_surg, found_at=timezone.now())
    Client().get(data_url)  # answered the previous figures, recomputed after its response
    assert Client().get(data_url).json()["today"]["findings"] == before + 1
