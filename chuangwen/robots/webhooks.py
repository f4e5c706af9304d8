"""Webhook addresses and messages of 企业微信 and 钉钉 group robots.

Only the platforms' own hosts are accepted over HTTPS (with their paths and a key or token), so a
robot can never be pointed at an internal address (SSRF); hosts listed in
``ROBOTS_EXTRA_HOSTS`` (the stand-in server, a private-cloud gateway) may also use plain HTTP.
The address is checked when saved and again before every send. 钉钉's signature: the
millisecond timestamp and the secret joined by a newline, HMAC-SHA256 with the secret,
base64, sent as the ``timestamp`` and ``sign`` query parameters."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import parse_qs, quote_plus, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WECOM, DINGTALK = "wecom", "dingtalk"
# platform -> (official host, path, the query parameter naming the robot)
PLATFORMS = {
    WECOM: ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key"),
    DINGTALK: ("oapi.dingtalk.com", "/robot/send", "access_token"),
}
EXAMPLES = {
    WECOM: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
    DINGTALK: "https://oapi.dingtalk.com/robot/send?access_token=…",
}


def extra_hosts() -> set[str]:
    return {h.strip().lower() for h in settings.ROBOTS_EXTRA_HOSTS if h.strip()}


def is_extra_host(url: str) -> bool:
    return (urlsplit(url).netloc or "").lower() in extra_hosts()


def check_url(provider: str, url: str) -> str:
    """The webhook address, stripped, if it is one of ``provider``'s; else a ValidationError
    on ``webhook_url`` saying what is wrong."""
    url = (url or "").strip()
    if provider not in PLATFORMS:
        raise ValidationError({"provider": _("Choose 企业微信 or 钉钉.")})
    host, path, param = PLATFORMS[provider]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError({"webhook_url": _("The webhook URL is not a valid address.")}) from None
    netloc = (parts.netloc or "").lower()
    official = parts.scheme == "https" and parts.hostname == host and port in (None, 443) and "@" not in netloc
    if not official and not (netloc in extra_hosts() and parts.scheme in ("http", "https")):
        raise ValidationError(
            {
                "webhook_url": _("The webhook URL must be the platform's own address, e.g. %(example)s.")
                % {"example": EXAMPLES[provider]}
            }
        )
    if parts.path != path or not (parse_qs(parts.query).get(param) or [""])[0].strip() or parts.fragment:
        raise ValidationError(
            {
                "webhook_url": _("The webhook URL must end in %(path)s?%(param)s=… as the platform shows it.")
                % {"path": path, "param": param}
            }
        )
    return url


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉's ``sign``: base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")), not yet url-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_url(provider: str, url: str, secret: str, now: float | None = None) -> str:
    """The address to post to: 钉钉 robots with a secret get ``timestamp`` and ``sign``."""
    if provider != DINGTALK or not secret:
        return url
    ts = int((time.time() if now is None else now) * 1000)
    return f"{url}&timestamp={ts}&sign={quote_plus(dingtalk_sign(secret, ts))}"


def payload(provider: str, *, title: str, lines: list[str]) -> dict:
    """A markdown message in the platform's shape (both render headings, bold and links)."""
    text = "\n".join([f"### {title}", *lines])
    if provider == DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title[:60], "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text[:4000]}}
