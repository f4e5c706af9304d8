"""The party API: branches, the calendar, meetings (list / read / create), development (list /
read / applicant / step), scoped like the pages (404 outside, 403 visible but not yours)."""

import datetime

import pytest

from chuangwen.api.services import token_create
from chuangwen.org.models import Person
from tests import factories as f


@pytest.fixture
def api(client):
    def call(user, method, url, body=None):
        key = token_create(user=user, name="t")[1]
        headers = {"Authorization": f"Bearer {key}"}
        if body is None:
            return getattr(client, method)(f"/api/party{url}", headers=headers)
        return getattr(client, method)(f"/api/party{url}", body, content_type="application/json", headers=headers)

    return call


def test_meetings_and_calendar(pw, api, hold):
    m = pw.members
    body = {
        "type": "committee",
        "title": "研究十月工作",
        "held_at": "2026-10-20T15:00:00+08:00",
        "place": "党员活动室",
        "host": pw.sec_person.pk,
        "recorder": m[1].pk,
        "agenda": "研究工作",
        "attendance": [{"person": p.pk} for p in m[:3]] + [{"person": m[3].pk, "status": "leave", "reason": "值班"}],
        "resolutions": [{"text": "同意", "votes_for": 3}],
    }
    r = api(pw.secretary, "post", f"/branches/{pw.branch.pk}/meetings", body)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["present"] == 3 and data["roster"] == 5 and data["resolutions"][0]["votes_for"] == 3
    assert api(pw.secretary, "get", f"/meetings/{data['id']}").json()["attendance"][3]["reason"] == "值班"
    assert api(pw.secretary, "get", f"/meetings?branch={pw.branch.pk}").json()["count"] == 1
    cal = api(pw.secretary, "get", f"/branches/{pw.branch.pk}/calendar?year=2026").json()
    committee = next(row for row in cal["rows"] if row["type"] == "committee")
    assert committee["cells"][9]["status"] == "done"
    # Errors name the field; nothing is written.
    bad = {**body, "attendance": [{"person": m[3].pk, "status": "leave", "reason": ""}]}
    r = api(pw.secretary, "post", f"/branches/{pw.branch.pk}/meetings", bad)
    assert r.status_code == 422 and "attendance" in r.content.decode()
    r = api(pw.secretary, "post", f"/branches/{pw.branch.pk}/meetings", {**body, "host": pw.c_person.pk})
    assert r.status_code == 422 and "host" in r.content.decode()
    # Hospital C: not found; a member who only reads: 403.
    assert api(pw.c_office, "get", f"/branches/{pw.branch.pk}").status_code == 404
    assert api(pw.c_office, "get", f"/meetings/{data['id']}").status_code == 404
    assert api(pw.c_office, "post", f"/branches/{pw.branch.pk}/meetings", body).status_code == 404
    u = f.user("liumin")
    f.member(u, "staff", unit=pw.a)
    m[1].user = u
    m[1].save()
    assert api(u, "get", f"/branches/{pw.branch.pk}").status_code == 200
    assert api(u, "post", f"/branches/{pw.branch.pk}/meetings", body).status_code == 403
    branch = api(pw.office, "get", f"/branches/{pw.branch.pk}").json()
    assert branch["member_count"] == 5 and len(branch["groups"]) == 2


def test_development(pw, api):
    p = f.person(pw.a_med, name="林晓", political_status=Person.Political.MASSES)
    r = api(pw.secretary, "post", f"/branches/{pw.branch.pk}/applicants", {"person": p.pk, "applied_on": "2025-03-02"})
    assert r.status_code == 201, r.content
    a = r.json()
    assert a["stage"] == 1 and a["next_step"] == 2 and a["next_due"] == "2025-04-02" and a["next_due_kind"] == "by"
    r = api(
        pw.secretary,
        "post",
        f"/applicants/{a['id']}/steps",
        {"step": 5, "done_on": "2025-04-01", "people": [pw.members[1].pk]},
    )
    assert r.status_code == 201
    steps = r.json()["steps"]
    assert steps[-1]["number"] == 5 and steps[-1]["warnings"][0]["rule"] == "发展党员须按规定程序逐步进行"
    assert api(pw.secretary, "get", "/applicants").json()["items"][0]["warnings"] == 1
    r = api(pw.secretary, "post", f"/applicants/{a['id']}/steps", {"step": 99, "done_on": "2025-04-01"})
    assert r.status_code == 422
    r = api(
        pw.secretary,
        "post",
        f"/applicants/{a['id']}/steps",
        {"step": 2, "done_on": str(datetime.date.today() + datetime.timedelta(days=3))},
    )
    assert r.status_code == 422 and "done_on" in r.content.decode()
    assert api(pw.c_office, "get", f"/applicants/{a['id']}").status_code == 404
