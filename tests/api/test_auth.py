"""Every endpoint needs a session or a live token of an active user; sessions need CSRF to write."""

import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chuangwen.api.models import APIToken
from chuangwen.api.services import token_create, token_revoke


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def test_no_auth_is_401_json(world, client):
    r = client.get("/api/org/me")
    assert r.status_code == 401
    assert r.json()["message"]


@pytest.mark.parametrize("header", ["Bearer cw_not-a-real-key", "Bearer ", "Token abc", "Bearer abc"])
def test_bad_token_is_401(world, client, header):
    assert client.get("/api/org/me", headers={"Authorization": header}).status_code == 401


def test_good_token_is_200(world, client):
    _token, key = token_create(user=world.office, name="脚本")
    r = client.get("/api/org/me", headers=bearer(key))
    assert r.status_code == 200
    assert r.json()["user"]["username"] == "office"


def test_key_is_stored_only_as_hash(world):
    token, key = token_create(user=world.office, name="脚本")
    assert key.startswith("cw_") and len(key) > 40
    token.refresh_from_db()
    assert token.prefix == key[:8]
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert not APIToken.objects.filter(name__contains=key[8:]).exists()


def test_revoked_token_is_401(world, client):
    token, key = token_create(user=world.office, name="脚本")
    token_revoke(token=token, by=world.office)
    assert client.get("/api/org/me", headers=bearer(key)).status_code == 401


def test_expired_token_is_401(world, client):
    _token, key = token_create(user=world.office, name="脚本", expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/org/me", headers=bearer(key)).status_code == 401


def test_not_yet_expired_token_is_200(world, client):
    _token, key = token_create(user=world.office, name="脚本", expires_at=timezone.now() + timedelta(days=1))
    assert client.get("/api/org/me", headers=bearer(key)).status_code == 200


def test_token_of_inactive_user_is_401(world, client):
    _token, key = token_create(user=world.office, name="脚本")
    world.office.is_active = False
    world.office.save()
    assert client.get("/api/org/me", headers=bearer(key)).status_code == 401


def test_session_of_inactive_user_is_401(world, client):
    client.force_login(world.office)
    world.office.is_active = False
    world.office.save()
    assert client.get("/api/org/me").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(world, client):
    token, key = token_create(user=world.office, name="脚本")
    client.get("/api/org/me", headers=bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/org/me", headers=bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first
    APIToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/org/me", headers=bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_session_get_is_200(world, login):
    r = login(world.office).get("/api/org/me")
    assert r.status_code == 200
    assert r.json()["roles"] == ["office"]


def _new_department(world, name="康复科"):
    return json.dumps({"unit": world.a.pk, "name": name})


def test_session_post_without_csrf_is_rejected(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.office)
    r = browser.post("/api/org/departments", data=_new_department(world), content_type="application/json")
    assert r.status_code == 403
    assert r.json()["message"]
    assert not world.a.departments.filter(name="康复科").exists()


def test_session_post_with_csrf_token_is_accepted(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.office)
    browser.get("/account/tokens/")  # sets the csrftoken cookie, as any page does
    csrf = browser.cookies["csrftoken"].value
    r = browser.post(
        "/api/org/departments",
        data=_new_department(world),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert r.status_code == 201, r.content


def test_token_post_needs_no_csrf(world):
    _token, key = token_create(user=world.office, name="脚本")
    r = Client(enforce_csrf_checks=True).post(
        "/api/org/departments", data=_new_department(world), content_type="application/json", headers=bearer(key)
    )
    assert r.status_code == 201, r.content
