"""The OpenAPI schema and the Swagger UI, served entirely from our own server."""

import json
import re

from django.contrib.staticfiles import finders

ORG_PATHS = {
    "/api/org/me",
    "/api/org/units",
    "/api/org/units/{unit_id}",
    "/api/org/departments",
    "/api/org/departments/{department_id}",
    "/api/org/people",
    "/api/org/people/{person_id}",
}


def test_openapi_schema_lists_org_paths_and_both_auths(db, client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    schema = json.loads(r.content)
    assert schema["info"]["title"] == "Chuangwen API"
    assert ORG_PATHS <= set(schema["paths"])
    assert set(schema["paths"]["/api/org/people"]) == {"get", "post"}
    assert set(schema["paths"]["/api/org/people/{person_id}"]) == {"get", "patch"}
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    person_in = schema["components"]["schemas"]["PersonIn"]["properties"]
    assert person_in["employee_no"]["description"].startswith("工号")


def test_every_operation_requires_auth(db, client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert op.get("security"), f"{method.upper()} {path} is open"


def test_swagger_ui_is_served_without_any_outside_url(db, client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
    assert urls, "expected the page to load its scripts and styles"
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "https://" not in html and "http://" not in html
    for url in urls:
        assert finders.find(url.removeprefix("/static/")), f"{url} is not among our static files"


def test_swagger_ui_does_not_call_the_online_validator(db, client):
    html = client.get("/api/docs").content.decode()
    settings_json = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1)
    assert json.loads(settings_json)["validatorUrl"] is None
