"""Log-in: Chinese messages, lockout after repeated failures, unlock after the lock period."""

from datetime import timedelta

from django.utils import timezone


def post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_login_success_lands_on_home(world, client):
    resp = post_login(client, "office", "pass-1234-word")
    assert resp.status_code == 302 and resp["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_message_in_chinese(world, client):
    resp = post_login(client, "office", "wrong")
    assert resp.status_code == 200
    assert "用户名或密码错误" in resp.content.decode()


def test_unknown_user_gets_same_message_and_no_crash(world, client):
    resp = post_login(client, "no-such-user", "wrong")
    assert "用户名或密码错误" in resp.content.decode()


def test_lockout_after_repeated_failures(world, client, settings):
    settings.LOGIN_MAX_FAILURES = 5
    for _ in range(4):
        assert "已锁定" not in post_login(client, "office", "wrong").content.decode()
    assert "已锁定" in post_login(client, "office", "wrong").content.decode()  # the 5th says so at once
    world.office.refresh_from_db()
    assert world.office.locked_until and world.office.locked_until > timezone.now()
    resp = post_login(client, "office", "pass-1234-word")
    assert resp.status_code == 200
    assert "已锁定" in resp.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_expires(world, client):
    world.office.locked_until = timezone.now() - timedelta(minutes=1)
    world.office.save()
    resp = post_login(client, "office", "pass-1234-word")
    assert resp.status_code == 302
    world.office.refresh_from_db()
    assert world.office.locked_until is None and world.office.failed_login_count == 0


def test_success_resets_failure_count(world, client):
    for _ in range(3):
        post_login(client, "office", "wrong")
    post_login(client, "office", "pass-1234-word")
    world.office.refresh_from_db()
    assert world.office.failed_login_count == 0
