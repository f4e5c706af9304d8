"""The inspections API: the loop end to end, versions, filters and the scope."""

from chuangwen.inspections.models import Finding

from .conftest import date_days, photo


def test_the_loop_through_the_api(world, insp, call):
    r = call(
        world.inspector,
        "post",
        "/api/inspections/findings",
        data={
            "unit": world.a.pk,
            "round": insp.self_round.pk,
            "department": world.a_med.pk,
            "item": insp.items[0].pk,
            "description": "宣传栏内容未及时更新",
            "location": "门诊大厅",
            "severity": "minor",
            "points_deducted": "0.5",
            "photos": [photo("宣传栏.jpg"), photo("宣传栏2.jpg")],
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    fid = body["id"]
    assert (body["state"], body["version"], len(body["photos"])) == ("open", 1, 2)
    assert body["events"][0]["kind"] == "recorded" and body["events"][0]["actor_id"] == world.inspector.pk

    r = call(
        world.office,
        "post",
        f"/api/inspections/findings/{fid}/dispatch",
        json={"department": world.a_med.pk, "responsible_person": world.a_p1.pk, "deadline": str(insp.deadline)},
    )
    assert r.status_code == 200, r.content
    assert (r.json()["state"], r.json()["responsible_person_name"]) == ("ordered", "李娜")
    version = r.json()["version"]

    r = call(
        world.head,
        "post",
        f"/api/inspections/findings/{fid}/respond",
        data={"text": "已更新宣传栏", "version": version},
    )
    assert r.status_code == 200 and r.json()["state"] == "responded"
    # a second answer written against the same version is refused with 409, nothing overwritten
    r = call(
        world.staff, "post", f"/api/inspections/findings/{fid}/respond", data={"text": "李娜的答复", "version": version}
    )
    assert r.status_code == 409
    assert Finding.objects.get(pk=fid).events.filter(text="李娜的答复").count() == 0

    r = call(world.inspector, "post", f"/api/inspections/findings/{fid}/recheck", data={"passed": "false"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "reason"
    r = call(
        world.inspector,
        "post",
        f"/api/inspections/findings/{fid}/recheck",
        data={"passed": "false", "reason": "仍为旧内容"},
    )
    assert r.json()["state"] == "ordered"
    r = call(
        world.staff,
        "post",
        f"/api/inspections/findings/{fid}/respond",
        data={"text": "已换新", "version": r.json()["version"]},
    )
    assert r.status_code == 200
    r = call(
        world.inspector,
        "post",
        f"/api/inspections/findings/{fid}/recheck",
        data={"passed": "true", "photos": [photo()]},
    )
    assert r.json()["state"] == "closed" and r.json()["closed_at"]
    r = call(
        world.inspector,
        "post",
        f"/api/inspections/findings/{fid}/reopen",
        data={"reason": "回头看又未更新", "deadline": str(date_days(5))},
    )
    kinds = [e["kind"] for e in r.json()["events"]]
    assert kinds == ["recorded", "dispatched", "responded", "recheck_failed", "responded", "recheck_passed", "reopened"]

    photo_url = r.json()["photos"][0]["download_url"]
    assert call(world.head, "get", photo_url).status_code == 200


def test_forbidden_transition_is_422_and_permission_403(world, insp, record, call):
    f = record()
    r = call(world.inspector, "post", f"/api/inspections/findings/{f.pk}/recheck", data={"passed": "true"})
    assert r.status_code == 422
    r = call(
        world.inspector,
        "post",
        f"/api/inspections/findings/{f.pk}/dispatch",
        json={"department": world.a_med.pk, "deadline": str(insp.deadline)},
    )
    assert r.status_code == 403


def test_photos_must_be_photos(world, insp, call):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = call(
        world.inspector,
        "post",
        "/api/inspections/findings",
        data={"unit": world.a.pk, "description": "卫生间不洁", "photos": [SimpleUploadedFile("a.jpg", b"text")]},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "photos"
    assert not Finding.objects.exists()


def test_list_filters_and_scope(world, insp, record, ordered, call):
    record()
    o = ordered(department=world.a_med)
    Finding.objects.filter(pk=o.pk).update(deadline=date_days(-2))
    bureau = call(
        world.supervisor,
        "post",
        "/api/inspections/findings",
        data={"unit": world.b.pk, "round": insp.bureau_round.pk, "description": "吸烟区标识缺失"},
    )
    assert bureau.status_code == 201, bureau.content
    rows = call(world.office, "get", "/api/inspections/findings").json()
    assert rows["count"] == 2
    assert {r["unit_id"] for r in rows["items"]} == {world.a.pk}
    assert call(world.office, "get", "/api/inspections/findings?overdue=true").json()["count"] == 1
    assert call(world.office, "get", "/api/inspections/findings?state=open").json()["count"] == 1
    sup = call(world.supervisor, "get", "/api/inspections/findings").json()
    assert sup["count"] == 3
    assert call(world.supervisor, "get", f"/api/inspections/findings?unit={world.b.pk}").json()["count"] == 1
    assert call(world.office, "get", f"/api/inspections/findings/{bureau.json()['id']}").status_code == 404


def test_rounds_through_the_api(world, insp, call):
    r = call(
        world.supervisor,
        "post",
        "/api/inspections/rounds",
        json={
            "owner_unit": world.bureau.pk,
            "kind": "unannounced",
            "title": "11月暗访",
            "starts_on": str(date_days(0)),
            "ends_on": str(date_days(2)),
            "target_units": [world.a.pk, world.b.pk],
            "inspectors": [world.supervisor.pk],
            "free_checks": ["医务人员佩戴工作牌", "候诊区秩序"],
        },
    )
    assert r.status_code == 201, r.content
    assert [c["text"] for c in r.json()["checklist"]] == ["医务人员佩戴工作牌", "候诊区秩序"]
    # a hospital office plans only its own rounds
    r = call(
        world.office,
        "post",
        "/api/inspections/rounds",
        json={
            "owner_unit": world.a.pk,
            "kind": "self_check",
            "title": "自查",
            "starts_on": str(date_days(0)),
            "ends_on": str(date_days(2)),
            "target_units": [world.b.pk],
        },
    )
    assert r.status_code == 422
    titles = {x["title"] for x in call(world.office, "get", "/api/inspections/rounds").json()["items"]}
    assert titles == {"10月创建工作自查"}
    assert call(world.office, "get", f"/api/inspections/rounds/{insp.bureau_round.pk}").status_code == 404
