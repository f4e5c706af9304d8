"""The token page: create (key shown once), use, revoke; only one's own tokens."""

import re

from django.utils import translation
from django.utils.translation import gettext

from chuangwen.api.models import APIToken
from chuangwen.api.services import token_create

KEY_RE = re.compile(r"cw_[A-Za-z0-9_\-]{40,}")


def test_login_required(db, client):
    r = client.get("/account/tokens/")
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_create_shows_key_once_and_the_key_works(world, login, client):
    page = login(world.office)
    r = page.post("/account/tokens/", {"action": "create", "name": "数据上报脚本", "lifetime": "90"})
    assert r.status_code == 200
    key = KEY_RE.search(r.content.decode()).group(0)
    token = APIToken.objects.get(user=world.office)
    assert token.name == "数据上报脚本" and token.prefix == key[:8] and token.expires_at is not None

    listing = page.get("/account/tokens/").content.decode()
    assert key not in listing
    assert "数据上报脚本" in listing and token.prefix in listing

    page.logout()
    r = client.get("/api/org/me", headers={"Authorization": f"Bearer {key}"})
    assert r.status_code == 200 and r.json()["user"]["username"] == "office"


def test_never_expiring_token(world, login):
    page = login(world.office)
    page.post("/account/tokens/", {"action": "create", "name": "长期", "lifetime": "0"})
    assert APIToken.objects.get(user=world.office).expires_at is None
    with translation.override("zh-hans"):
        assert gettext("Never") in page.get("/account/tokens/").content.decode()


def test_invalid_form_creates_nothing(world, login):
    r = login(world.office).post("/account/tokens/", {"action": "create", "name": "", "lifetime": "90"})
    assert r.status_code == 200
    assert not KEY_RE.search(r.content.decode())
    assert not APIToken.objects.exists()


def test_revoke_makes_the_key_401(world, login, client):
    token, key = token_create(user=world.office, name="旧脚本")
    page = login(world.office)
    r = page.post("/account/tokens/", {"action": "revoke", "token": token.pk})
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page.logout()
    assert client.get("/api/org/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_cannot_revoke_another_users_token(world, login, client):
    token, key = token_create(user=world.head, name="科室脚本")
    r = login(world.office).post("/account/tokens/", {"action": "revoke", "token": token.pk})
    assert r.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_lists_only_own_tokens(world, login):
    token_create(user=world.head, name="科室脚本")
    token_create(user=world.office, name="办公室脚本")
    html = login(world.office).get("/account/tokens/").content.decode()
    assert "办公室脚本" in html and "科室脚本" not in html
