"""Issue 3, end to end through the JSON API with bearer tokens: the bureau imports a standard
(multipart .xlsx) and publishes it; hospital A's office creates a campaign and a task for 内科; the
department head uploads one photo where the item asks for two and submits; the office returns it,
the head adds a photo and resubmits, the office accepts; compliance and progress show the item
met. Hospital B sees none of it."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image

from chuangwen.api.services import token_create
from chuangwen.core.roles import Role
from chuangwen.evidence.models import EvidenceFile
from tests import factories as f

ITEM_TITLE = "开展文明礼仪培训，聘请文明礼仪讲师作专题报告，全院职工受训"


def _xlsx() -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["方面", "指标", "项目编号", "测评内容", "分值", "测评方法", "所需材料", "台账要求/规则"])
    ws.append(
        ["1 思想道德建设", "1.1 职业道德", "1.1.1", ITEM_TITLE, 5, "实地考察、材料审核", "签到表、现场照片", "照片≥2"]
    )
    ws.append([None, None, "1.1.2", "每月下发医德医风学习资料，科室组织学习并记录", 3, "材料审核", "学习记录", None])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "测评体系.xlsx"
    return buf


def _jpeg(name: str, color: tuple[int, int, int]) -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buf, "JPEG", quality=80)
    buf.seek(0)
    buf.name = name
    return buf


@pytest.fixture
def api(client):
    """``api(user, method, path, json=None, data=None)``: one request with a bearer token of
    ``user``; ``json`` goes as a JSON body, ``data`` as multipart (files included)."""
    keys = {}

    def _call(user, method, path, *, json=None, data=None):
        if user.pk not in keys:
            keys[user.pk] = token_create(user=user, name="journey")[1]
        kwargs = {"headers": {"Authorization": f"Bearer {keys[user.pk]}"}}
        if json is not None:
            kwargs.update(data=json, content_type="application/json")
        elif data is not None:
            kwargs["data"] = data
        return getattr(client, method)(path, **kwargs)

    return _call


def test_standard_to_accepted_evidence_through_the_api(world, api, client):
    w = world
    today = timezone.localdate()

    # (1) The bureau imports the standard (multipart) and publishes it.
    r = api(
        w.supervisor,
        "post",
        "/api/standards/standards/import",
        data={"file": _xlsx(), "name": "青溪县测评体系", "version": "2026"},
    )
    assert r.status_code == 201, r.content
    standard = r.json()
    assert standard["status"] == "draft" and standard["owner_unit_id"] == w.bureau.pk
    assert standard["item_count"] == 2 and float(standard["total_points"]) == 8
    item = standard["aspects"][0]["indicators"][0]["items"][0]
    assert item["code"] == "1.1.1" and item["rules"] == [{"type": "min_photos", "count": 2}]
    # A hospital cannot run a campaign on a draft of the bureau's.
    r = api(w.office, "get", f"/api/standards/standards/{standard['id']}")
    assert r.status_code == 404
    r = api(w.supervisor, "post", f"/api/standards/standards/{standard['id']}/publish")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "published"

    # (2) Hospital A's office creates a campaign against it: three default phases.
    r = api(
        w.office,
        "post",
        "/api/campaigns/campaigns",
        json={
            "unit": w.a.pk,
            "name": f"{today.year}年创建县级文明单位",
            "year": today.year,
            "target_level": "county",
            "standard": standard["id"],
            "starts_on": f"{today.year}-01-01",
            "ends_on": f"{today.year}-12-31",
            "status": "active",
        },
    )
    assert r.status_code == 201, r.content
    campaign = r.json()
    assert len(campaign["phases"]) == 3

    # (3) A task for 内科 linked to the item, with a deadline.
    deadline = today + timedelta(days=7)
    r = api(
        w.office,
        "post",
        "/api/campaigns/tasks",
        json={
            "campaign": campaign["id"],
            "title": "内科文明礼仪培训及专题报告",
            "department": w.a_med.pk,
            "deadline": deadline.isoformat(),
            "items": [item["id"]],
            "phase": campaign["phases"][1]["id"],
        },
    )
    assert r.status_code == 201, r.content
    task = r.json()
    assert task["item_ids"] == [item["id"]] and task["deadline"] == deadline.isoformat()
    mine = api(w.head, "get", "/api/campaigns/tasks/mine").json()
    assert [t["id"] for t in mine["items"]] == [task["id"]]

    # (4) The head creates evidence with ONE photo and submits it.
    r = api(
        w.head,
        "post",
        "/api/evidence/records",
        data={
            "task": task["id"],
            "title": "内科文明礼仪专题培训",
            "occurred_on": today.isoformat(),
            "files": [_jpeg("培训现场1.jpg", (200, 40, 40))],
        },
    )
    assert r.status_code == 201, r.content
    evidence = r.json()
    assert evidence["status"] == "draft" and evidence["item_id"] == item["id"] and len(evidence["files"]) == 1
    pk = evidence["id"]
    r = api(w.head, "post", f"/api/evidence/records/{pk}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"

    # (5) The office returns it with a reason; the item is not met.
    assert api(w.head, "post", f"/api/evidence/records/{pk}/review", json={"accept": True}).status_code == 403
    reason = "照片不足两张，请补充培训现场照片"
    r = api(w.office, "post", f"/api/evidence/records/{pk}/review", json={"accept": False, "reason": reason})
    assert r.status_code == 200 and r.json()["status"] == "returned" and r.json()["review_comment"] == reason
    compliance = api(w.office, "get", f"/api/evidence/compliance?campaign={campaign['id']}").json()["items"]
    assert {row["item_code"]: row["status"] for row in compliance}["1.1.1"] == "unmet"

    # (6) The head adds a second photo and resubmits (round 2).
    r = api(
        w.head, "post", f"/api/evidence/records/{pk}/files", data={"files": [_jpeg("培训现场2.jpg", (40, 120, 200))]}
    )
    assert r.status_code == 201, r.content
    # Round 2 starts with round 1's photo (carried over, not uploaded again) and adds the new one.
    assert [x["version"] for x in r.json()["files"]] == [1, 2, 2]
    r = api(w.head, "post", f"/api/evidence/records/{pk}/submit")
    assert r.json()["status"] == "submitted" and r.json()["version"] == 2

    # (7) The office accepts: the item is met, progress counts it, both rounds are kept (round 2
    # holds round 1's photo, carried over, and the new one).
    r = api(w.office, "post", f"/api/evidence/records/{pk}/review", json={"accept": True})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    files = r.json()["files"]
    assert [(x["original_name"], x["version"], x["archived_at"]) for x in files] == [
        ("培训现场1.jpg", 1, None),
        ("培训现场1.jpg", 2, None),
        ("培训现场2.jpg", 2, None),
    ]
    for x in files:
        d = api(w.office, "get", x["download_url"])
        assert d.status_code == 200 and d["Content-Type"] == "image/jpeg"
    compliance = api(w.office, "get", f"/api/evidence/compliance?campaign={campaign['id']}").json()["items"]
    met = {row["item_code"]: row for row in compliance}["1.1.1"]
    assert met["status"] == "met" and met["accepted_count"] == 1 and met["unmet_reasons"] == []
    assert api(w.office, "get", f"/api/campaigns/tasks/{task['id']}").json()["status"] == "accepted"

    progress = api(w.office, "get", f"/api/dashboard/campaigns/{campaign['id']}/progress").json()
    assert progress["overall"]["met"] == 1 and progress["overall"]["items"] == 2
    assert float(progress["overall"]["score"]) == 5 and progress["overall"]["percent"] > 0
    items = {i["code"]: i for a in progress["aspects"] for ind in a["indicators"] for i in ind["items"]}
    assert items["1.1.1"]["state"] == "met" and float(items["1.1.1"]["score"]) == 5
    assert items["1.1.2"]["state"] == "unmet"
    # The bureau sees the same progress for the hospital under it.
    bureau_view = api(w.supervisor, "get", f"/api/dashboard/campaigns/{campaign['id']}/progress").json()
    assert bureau_view["overall"] == progress["overall"]

    # Hospital B's office can neither list, read nor download any of it.
    office_b = f.user("office_b")
    f.member(office_b, Role.OFFICE, unit=w.b)
    assert api(office_b, "get", f"/api/campaigns/campaigns/{campaign['id']}").status_code == 404
    assert api(office_b, "get", f"/api/campaigns/tasks/{task['id']}").status_code == 404
    assert api(office_b, "get", f"/api/evidence/records/{pk}").status_code == 404
    assert api(office_b, "get", f"/api/evidence/records?campaign={campaign['id']}").json()["items"] == []
    assert api(office_b, "get", f"/api/evidence/compliance?campaign={campaign['id']}").json()["items"] == []
    assert api(office_b, "get", f"/api/dashboard/campaigns/{campaign['id']}/progress").status_code == 404
    for file_id in EvidenceFile.objects.filter(evidence_id=pk).values_list("pk", flat=True):
        assert api(office_b, "get", f"/api/evidence/files/{file_id}/download").status_code == 404
    r = api(office_b, "post", f"/api/evidence/records/{pk}/review", json={"accept": False, "reason": "x"})
    assert r.status_code == 404
    # …nor through the pages and the file URL.
    client.force_login(office_b)
    file_ids = list(EvidenceFile.objects.filter(evidence_id=pk).values_list("pk", flat=True))
    for url in (
        f"/evidence/{pk}/",
        *(f"/evidence/files/{i}/" for i in file_ids),
        f"/campaigns/tasks/{task['id']}/",
        f"/dashboard/progress/{campaign['id']}/",
    ):
        assert client.get(url).status_code == 404, url
