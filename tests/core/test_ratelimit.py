"""Rate limits behind a proxy (chuangwen/core/ratelimit.py): clients are the address the
trusted proxies report, never the proxy's own nor an entry the client wrote."""

from chuangwen.core import ratelimit

NGINX = "10.0.0.2"


def meta(xff: str, ua: str = "Mozilla/5.0 (iPhone)") -> dict:
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": xff, "HTTP_USER_AGENT": ua}


def test_two_patients_behind_one_proxy_are_told_apart(settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    a, b = meta("203.0.113.7"), meta("198.51.100.20")
    assert ratelimit.ip_key(a) != ratelimit.ip_key(b)
    assert ratelimit.fingerprint(a) != ratelimit.fingerprint(b)


def test_a_spoofed_leftmost_entry_changes_nothing(settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    # The old, undeclared setting pointed at the header: its first entry is the client's to write.
    settings.SURVEYS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    real = meta("203.0.113.7")
    for forged in ("1.1.1.1, 203.0.113.7", "9.9.9.9, 8.8.8.8, 203.0.113.7"):
        assert ratelimit.ip_key(meta(forged)) == ratelimit.ip_key(real)
        assert ratelimit.fingerprint(meta(forged)) == ratelimit.fingerprint(real)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 0
    assert ratelimit.ip_key(meta("203.0.113.7")) == ratelimit.ip_key(meta("198.51.100.20"))
