"""Login throttling (django-axes) on every login path: failures counted atomically, the
username + client address pair locked, the same answer for real and unknown usernames, the
admin login locked too, and every step in the audit log."""

import re
import sqlite3
import threading
from contextlib import contextmanager

import pytest
from axes.models import AccessAttempt
from django.db import connection, connections
from django.test import Client

from chuangwen.audit.models import Action, AuditEvent
from tests import factories as f

PASSWORD = "pass-1234-word"
# Per-response CSRF tokens (the form field and htmx's header on <body>) differ by design.
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')


def post_login(client, username, password, path="/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def lock(client, username, path="/login/", **extra):
    for _ in range(5):
        resp = post_login(client, username, "wrong", path=path, **extra)
    return resp


@contextmanager
def concurrent_database(tmp_path):
    """Where the threads' own connections go. PostgreSQL: the test database. SQLite: a file copy
    of it, as the embedded mode runs (WAL, busy_timeout: writers wait their turn); the test's
    in-memory shared-cache database answers concurrent writers "table is locked" instead."""
    if connection.vendor != "sqlite":
        yield lambda sql: _query(connection, sql)
        return
    path = tmp_path / "concurrent.sqlite3"
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    settings_dict = connections.settings["default"]
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)  # read by each new (per-thread) connection
    try:
        yield lambda sql: sqlite3.connect(path).execute(sql).fetchone()[0]
    finally:
        settings_dict["NAME"] = name


def _query(conn, sql):
    with conn.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_are_all_counted(settings, tmp_path):
    """The attack that left the old counter at 1: 40 wrong passwords at once, each counted."""
    settings.AXES_FAILURE_LIMIT = 1000
    f.user("office")
    attempts = 40
    barrier = threading.Barrier(attempts)
    errors = []

    def attempt():
        try:
            client = Client()
            barrier.wait()
            resp = post_login(client, "office", "wrong")
            assert resp.status_code == 200
        except Exception as exc:  # reported below: an assert in a thread would be lost
            errors.append(exc)
        finally:
            connection.close()

    with concurrent_database(tmp_path) as query:
        threads = [threading.Thread(target=attempt) for _ in range(attempts)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        failures = query("SELECT failures_since_start FROM axes_accessattempt WHERE username = 'office'")
        logged = query("SELECT COUNT(*) FROM audit_auditevent WHERE action = 'login_failed' AND username = 'office'")
    assert failures == attempts
    assert logged == attempts


def test_lock_holds_only_for_the_address_that_failed(world, client):
    """A stranger elsewhere who types wrong passwords for `office` does not lock the office out."""
    assert lock(client, "office", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert post_login(client, "office", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    office = Client()
    assert post_login(office, "office", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_behind_a_proxy_the_pair_uses_the_client_address(world, client, settings):
    """Behind one trusted proxy every request arrives from the proxy: the pair takes the address
    the proxy saw, and a client-written X-Forwarded-For entry cannot dodge the lock."""
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    lock(client, "office", **attacker)
    spoofed = {**proxy, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"}
    assert post_login(client, "office", PASSWORD, **spoofed).status_code == 429
    colleague = {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.44"}
    assert post_login(Client(), "office", PASSWORD, **colleague).status_code == 302
    assert AccessAttempt.objects.get(username="office").ip_address == "198.51.100.7"


def _page(resp) -> bytes:
    return CSRF.sub(b"", resp.content)


def test_real_and_unknown_usernames_get_the_same_answers(world):
    real, unknown = Client(), Client()
    first_real, first_unknown = post_login(real, "office", "wrong"), post_login(unknown, "nobody-here", "wrong")
    assert first_real.status_code == first_unknown.status_code == 200
    message = re.compile(rb'data-testid="login-error">(.*?)</div>')
    assert message.search(first_real.content).group(1) == message.search(first_unknown.content).group(1)
    # The page echoes the typed username; apart from it the two answers are the same.
    assert _page(first_real).replace(b"office", b"X") == _page(first_unknown).replace(b"nobody-here", b"X")
    for _ in range(4):
        locked_real, locked_unknown = post_login(real, "office", "wrong"), post_login(unknown, "nobody-here", "wrong")
    assert locked_real.status_code == locked_unknown.status_code == 429
    assert _page(locked_real) == _page(locked_unknown)  # byte for byte: no username on the lock page
    assert "登录失败次数过多" in locked_real.content.decode() and "已锁定 15 分钟" in locked_real.content.decode()
    # ... and with the right password, still the same lock page.
    assert _page(post_login(real, "office", PASSWORD)) == _page(locked_unknown)


def test_admin_login_counts_failures_and_honours_the_lock(world, client):
    """The bypass: /admin/login/ counted nothing and let a locked admin in."""
    f.user("root", is_staff=True, is_superuser=True)
    for _ in range(4):
        assert post_login(client, "root", "wrong", path="/admin/login/").status_code == 200
    assert AccessAttempt.objects.get(username="root").failures_since_start == 4
    resp = post_login(client, "root", "wrong", path="/admin/login/")
    assert resp.status_code == 429 and "已锁定" in resp.content.decode()
    resp = post_login(client, "root", PASSWORD, path="/admin/login/")
    assert resp.status_code == 429
    assert "_auth_user_id" not in client.session
    # Locked at the site login too: one counter for every path.
    assert post_login(client, "root", PASSWORD).status_code == 429


def test_lock_from_site_login_holds_at_admin_login(world, client):
    f.user("root", is_staff=True, is_superuser=True)
    lock(client, "root")
    assert post_login(client, "root", PASSWORD, path="/admin/login/").status_code == 429
    assert "_auth_user_id" not in client.session


def test_audit_log_records_login_failure_lock_and_logout(world, client):
    post_login(client, "office", "wrong")
    assert post_login(client, "office", PASSWORD).status_code == 302
    client.post("/logout/")
    lock(client, "nobody-here")
    events = list(AuditEvent.objects.order_by("id").values_list("action", "username"))
    assert events[:3] == [
        (Action.LOGIN_FAILED, "office"),
        (Action.LOGIN, "office"),
        (Action.LOGOUT, "office"),
    ]
    assert events[3:].count((Action.LOGIN_FAILED, "nobody-here")) == 5
    assert (Action.LOCKOUT, "nobody-here") in events
    login = AuditEvent.objects.get(action=Action.LOGIN)
    assert login.actor == world.office and login.unit == world.a and login.client_ip == "127.0.0.1"


def test_admin_unlock_action_lifts_the_lock_and_is_recorded(world, client):
    root = f.user("root", is_staff=True, is_superuser=True)
    lock(client, "office", REMOTE_ADDR="203.0.113.9")
    admin = Client()
    admin.force_login(root)
    attempt = AccessAttempt.objects.get(username="office")
    resp = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "unlock", "_selected_action": [attempt.pk]},
    )
    assert resp.status_code == 302
    assert not AccessAttempt.objects.exists()
    unlock = AuditEvent.objects.get(action=Action.UNLOCK)
    assert unlock.actor == root
    assert unlock.detail == {"username": "office", "client_ip": "203.0.113.9", "failures": 5}
    assert post_login(client, "office", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_admin_lock_list_offers_unlock_not_delete(world, client):
    root = f.user("root", is_staff=True, is_superuser=True)
    lock(client, "office")
    client.force_login(root)
    html = client.get("/admin/axes/accessattempt/").content.decode()
    assert 'value="unlock"' in html and 'value="delete_selected"' not in html
