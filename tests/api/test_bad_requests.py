"""Requests the fuzzer found answered with a server error or an HTML page: each now answers
JSON with a status the schema declares (issue 11, item 6)."""

import json

import pytest

from chuangwen.api.services import token_create
from tests import factories as f

pytestmark = pytest.mark.django_db

BIG = 2**70  # beyond bigint: SQLite cannot even bind it, PostgreSQL refuses to compare with it


@pytest.fixture
def api(client, world):
    """``api(method, path, body=None)`` as hospital A's office, by token."""
    key = token_create(user=world.office, name="tests")[1]

    def _api(method, path, body=None, **kwargs):
        kwargs["headers"] = {"Authorization": f"Bearer {key}"}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(client, method.lower())(path, **kwargs)

    return _api


def _declared(schema, path, method, status) -> bool:
    return str(status) in schema["paths"][path][method]["responses"]


@pytest.mark.parametrize(
    "query",
    [
        f"/api/org/departments?unit={BIG}",
        f"/api/org/people?department={BIG}",
        f"/api/campaigns/tasks?campaign={BIG}",
        f"/api/evidence/records?task={BIG}",
        f"/api/evidence/compliance?campaign={BIG}",
        f"/api/inspections/findings?unit={BIG}",
        f"/api/feedback/complaints?unit={BIG}",
        f"/api/surveys/indices?unit={BIG}",
        f"/api/surveys/alerts?unit={BIG}",
        f"/api/surveys/responses?template={BIG}",
        f"/api/org/units?page={BIG}",
        f"/api/org/units?page={10**15}",
        "/api/org/departments?unit=0",
    ],
)
def test_out_of_range_ids_and_pages_are_a_422_naming_the_parameter(api, query):
    r = api("get", query)
    assert r.status_code == 422, r.content
    body = r.json()
    assert body["message"] == "请求数据有误"
    assert body["errors"][0]["field"] == query.split("?")[1].split("=")[0]


def test_out_of_range_ids_in_a_body_are_a_422(api, world):
    body = {"owner_unit": world.a.pk, "kind": "self_check", "title": "自查", "starts_on": "2026-05-01"}
    body.update(ends_on="2026-05-02", target_units=[world.a.pk, BIG])
    r = api("post", "/api/inspections/rounds", body)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "target_units"
    r = api("post", "/api/org/departments", {"unit": world.a.pk, "name": "康复科", "head": BIG})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "head"


def test_an_id_too_large_for_the_database_in_a_path_is_not_found(api):
    r = api("get", f"/api/org/units/{BIG}")
    assert r.status_code == 404 and r.json() == {"message": "未找到。"}


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/api/nothing-here"),
        ("get", "/api/org/units/abc"),
        ("post", "/api/org/units/1/extra"),
        ("get", "/api/org/"),
    ],
)
def test_unknown_paths_under_api_answer_json_404(api, method, path):
    r = api(method, path)
    assert r.status_code == 404
    assert r["Content-Type"] == "application/json"
    assert r.json() == {"message": "未找到。"}


def test_a_method_a_path_does_not_take_answers_json_405_with_allow(api):
    r = api("delete", "/api/org/units")
    assert r.status_code == 405
    assert r["Content-Type"] == "application/json"
    assert r.json() == {"message": "此处不支持该请求方法。"}
    assert r["Allow"] == "GET"


def test_a_body_the_server_cannot_read_answers_json_400(api):
    r = api("post", "/api/evidence/records", data=b"--x\r\nbroken", content_type="multipart/form-data; boundary=")
    assert r.status_code == 400
    assert r.json() == {"message": "无法读取该请求。"}


def test_pages_outside_the_api_keep_their_html_404(client, world):
    client.force_login(world.office)
    r = client.get("/org/nothing-here/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_each_model_publishes_its_own_choices(api, world):
    """``Status`` of campaigns, standards, tasks … were one component, the last one winning: the
    campaign list answered ``"status": "active"`` against the values of complaints."""
    std = f.standard(world.bureau, applies_to=world.county_x)
    f.campaign(world.a, std, status="active")
    schema = api("get", "/api/openapi.json").json()
    campaign_out = schema["components"]["schemas"]["CampaignOut"]["properties"]
    assert _resolve(schema, campaign_out["status"])["enum"] == ["planning", "active", "closed"]
    status = api("get", "/api/campaigns/campaigns").json()["items"][0]["status"]
    assert status in _resolve(schema, campaign_out["status"])["enum"]
    unit_out = schema["components"]["schemas"]["UnitOut"]["properties"]
    assert _resolve(schema, unit_out["category"])["enum"][0] == "general"
    complaint_out = schema["components"]["schemas"]["ComplaintOut"]["properties"]
    assert _resolve(schema, complaint_out["category"])["enum"][0] == "attitude"


def test_the_standard_tree_declares_only_what_it_answers(api, world):
    """The progress page's ``AspectOut`` (with a ``score``) had replaced the standard's."""
    std = f.standard(world.a, status="draft", aspects=1, indicators=1, items=1)
    schema = api("get", "/api/openapi.json").json()
    aspect = api("get", f"/api/standards/standards/{std.pk}").json()["aspects"][0]
    declared = schema["components"]["schemas"]["AspectOut"]
    assert set(declared["required"]) <= set(aspect)
    assert set(aspect) == set(declared["properties"])


def test_every_operation_declares_the_errors_it_can_answer(api):
    schema = api("get", "/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            statuses = set(op["responses"])
            assert "401" in statuses, f"{method} {path}"
            if "{" in path:
                assert "404" in statuses, f"{method} {path}"
            if method != "get":
                assert {"403", "422"} <= statuses, f"{method} {path}"
            for status in statuses - {"200", "201"}:
                content = op["responses"][status]["content"]["application/json"]["schema"]
                assert "$ref" in content, f"{method} {path} {status}"
    assert _declared(schema, "/api/inspections/findings/{finding_id}/respond", "post", 409)
    assert _declared(schema, "/api/dashboard/bureau", "get", 403)


def test_two_different_schemas_of_one_name_refuse_to_build():
    from django.core.exceptions import ImproperlyConfigured
    from ninja import Router, Schema

    from chuangwen.api.openapi import ChuangwenAPI

    def shape(field: str):
        return type("Shape", (Schema,), {"__annotations__": {field: int}})

    test_api = ChuangwenAPI(urls_namespace="shapes")
    for name in ("a", "b"):
        router = Router()
        router.get("/", response=shape(name))(lambda request: {})
        test_api.add_router(f"/{name}/", router)
    with pytest.raises(ImproperlyConfigured, match="'Shape'"):
        test_api.get_openapi_schema(path_prefix="/")


@pytest.mark.parametrize(
    "target,field",
    [
        ("department", "code"),
        ("department", "phone"),
        ("department", "location"),
        ("person", "title"),
        ("person", "position"),
        ("person", "phone"),
        ("task", "description"),
        ("task", "deliverable"),
        ("item", "materials"),
    ],
)
def test_null_for_a_text_that_cannot_be_empty_is_a_422(api, world, target, field):
    """Django's model validation lets ``None`` through for a field that may be blank; the
    database then refused it (NOT NULL) with a 500."""
    if target in ("task", "item"):
        std = f.standard(world.a, status="draft", aspects=1, indicators=1, items=1)
        task = f.task(f.campaign(world.a, std), world.a_med)
    path = {
        "department": lambda: f"/api/org/departments/{world.a_med.pk}",
        "person": lambda: f"/api/org/people/{world.a_p1.pk}",
        "task": lambda: f"/api/campaigns/tasks/{task.pk}",
        "item": lambda: f"/api/standards/items/{std.items.get().pk}",
    }[target]()
    r = api("patch", path, {field: None})
    assert r.status_code == 422, r.content
    assert r.json()["errors"] == [{"field": field, "message": "输入一个有效的值。"}]
    assert api("patch", path, {field: ""}).status_code == 200


def test_a_sort_order_beyond_the_database_is_a_422(api, world):
    r = api("patch", f"/api/org/departments/{world.a_med.pk}", {"sort_order": BIG})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "sort_order"
