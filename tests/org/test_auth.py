"""Log-in: Chinese messages, lockout after repeated failures (django-axes), unlock after the
lock period, failures forgotten after a successful login."""

from datetime import timedelta

from axes.models import AccessAttempt


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
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert "已锁定" not in post_login(client, "office", "wrong").content.decode()
    assert "已锁定" in post_login(client, "office", "wrong").content.decode()  # the 5th says so at once
    assert AccessAttempt.objects.get(username="office").failures_since_start == 5
    resp = post_login(client, "office", "pass-1234-word")
    assert resp.status_code == 429
    assert "已锁定 15 分钟" in resp.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_expires(world, client):
    for _ in range(5):
        post_login(client, "office", "wrong")
    assert post_login(client, "office", "pass-1234-word").status_code == 429
    # 16 minutes later (the lock lasts 15): the attempt row is older than the cool-off.
    attempt = AccessAttempt.objects.get(username="office")
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - timedelta(minutes=16))
    resp = post_login(client, "office", "pass-1234-word")
    assert resp.status_code == 302
    assert not AccessAttempt.objects.filter(username="office").exists()


def test_success_resets_failure_count(world, client):
    for _ in range(3):
        post_login(client, "office", "wrong")
    assert AccessAttempt.objects.get(username="office").failures_since_start == 3
    post_login(client, "office", "pass-1234-word")
    assert not AccessAttempt.objects.filter(username="office").exists()
