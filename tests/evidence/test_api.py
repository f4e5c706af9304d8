"""The API journey: create with files (multipart), submit, return, resubmit, accept; errors."""

from django.utils import translation

from chuangwen.evidence.models import Evidence

from .conftest import pdf, photo


def test_api_journey(world, ledger, call):
    r = call(
        world.head,
        "post",
        "/api/evidence/records",
        data={
            "task": ledger.task.pk,
            "item": ledger.item_photos.pk,
            "title": "4月政治学习",
            "occurred_on": "2026-04-10",
            "files": [photo("a.jpg")],
            "submit": "true",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "submitted" and len(body["files"]) == 1
    pk = body["id"]
    assert call(world.head, "post", f"/api/evidence/records/{pk}/review", json={"accept": True}).status_code == 403
    r = call(world.office, "post", f"/api/evidence/records/{pk}/review", json={"accept": False, "reason": ""})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    r = call(world.office, "post", f"/api/evidence/records/{pk}/review", json={"accept": False, "reason": "只有一张"})
    assert r.json()["status"] == "returned"
    r = call(world.head, "post", f"/api/evidence/records/{pk}/files", data={"files": [photo("b.jpg")]})
    assert r.status_code == 201
    # Round 2 starts with round 1's photo (carried over on return), then the new one.
    assert [(f["version"], f["original_name"]) for f in r.json()["files"]] == [
        (1, "a.jpg"),
        (2, "a.jpg"),
        (2, "b.jpg"),
    ]
    assert call(world.head, "post", f"/api/evidence/records/{pk}/submit").json()["version"] == 2
    r = call(world.office, "post", f"/api/evidence/records/{pk}/review", json={"accept": True})
    assert r.json()["status"] == "accepted"
    compliance = call(world.head, "get", f"/api/evidence/compliance?campaign={ledger.campaign.pk}").json()
    met = {row["item_code"]: row["status"] for row in compliance["items"]}
    assert met[ledger.item_photos.code] == "met"
    file_id = r.json()["files"][0]["id"]
    d = call(world.head, "get", f"/api/evidence/files/{file_id}/download")
    assert d.status_code == 200 and d["X-Content-Type-Options"] == "nosniff"


def test_api_refuses_a_disguised_file_and_writes_nothing(world, ledger, call):
    with translation.override("en"):
        r = call(
            world.head,
            "post",
            "/api/evidence/records",
            data={
                "task": ledger.task.pk,
                "item": ledger.item_photos.pk,
                "title": "x",
                "occurred_on": "2026-04-10",
                "files": [photo("ok.jpg"), pdf("假.xlsx")],
            },
        )
    assert r.status_code == 422
    err = r.json()["errors"][0]
    assert err["field"] == "files" and "假.xlsx" in err["message"]
    assert not Evidence.objects.exists()


def test_api_archive_by_office_keeps_the_record(world, ledger, call, make_evidence):
    e = make_evidence(world.head, files=[photo()], submit=True)
    r = call(world.office, "post", f"/api/evidence/records/{e.pk}/archive")
    assert r.status_code == 200 and r.json()["archived_at"]
    assert call(world.head, "get", f"/api/evidence/records/{e.pk}").status_code == 404
    assert call(world.office, "get", f"/api/evidence/records/{e.pk}").status_code == 200
