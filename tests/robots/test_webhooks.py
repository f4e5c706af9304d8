"""Webhook addresses: only the platforms' own HTTPS hosts (or a listed stand-in), never an
internal address; 钉钉's signature as the platform computes it."""

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError

from chuangwen.robots import webhooks

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
DING = "https://oapi.dingtalk.com/robot/send?access_token=abc123"


def test_the_platforms_own_addresses_are_accepted():
    assert webhooks.check_url("wecom", f" {WECOM} ") == WECOM
    assert webhooks.check_url("dingtalk", DING) == DING


@pytest.mark.parametrize(
    "provider,url",
    [
        ("wecom", WECOM.replace("https", "http")),  # plain HTTP to the platform
        ("wecom", DING),  # the other platform's address
        ("wecom", "https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=1"),
        ("wecom", "https://qyapi.weixin.qq.com@10.0.0.5/cgi-bin/webhook/send?key=1"),
        ("wecom", "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=1"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"),  # no key
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/other?key=1"),
        ("dingtalk", "http://127.0.0.1:6379/robot/send?access_token=1"),  # an internal service
        ("dingtalk", "https://169.254.169.254/robot/send?access_token=1"),
        ("dingtalk", "http://localhost/robot/send?access_token=1"),
        ("dingtalk", "file:///etc/passwd"),
        ("dingtalk", "not a url"),
    ],
)
def test_anything_else_is_refused_naming_the_field(settings, provider, url):
    settings.ROBOTS_EXTRA_HOSTS = ["127.0.0.1:8799"]
    with pytest.raises(ValidationError) as exc:
        webhooks.check_url(provider, url)
    assert "webhook_url" in exc.value.message_dict


def test_a_listed_stand_in_may_use_plain_http(settings):
    settings.ROBOTS_EXTRA_HOSTS = ["127.0.0.1:8799"]
    url = "http://127.0.0.1:8799/robot/send?access_token=t"
    assert webhooks.check_url("dingtalk", url) == url
    settings.ROBOTS_EXTRA_HOSTS = []
    with pytest.raises(ValidationError):
        webhooks.check_url("dingtalk", url)


def test_dingtalk_signature_is_hmac_sha256_of_timestamp_and_secret():
    secret, ts = "SEC000abc", 1767225600000
    expected = base64.b64encode(hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest())
    url = webhooks.signed_url("dingtalk", DING, secret, now=ts / 1000)
    query = parse_qs(urlsplit(url).query)
    assert query["timestamp"] == [str(ts)] and query["sign"] == [expected.decode()]
    assert webhooks.signed_url("dingtalk", DING, "") == DING
    assert webhooks.signed_url("wecom", WECOM, "x") == WECOM


def test_messages_are_markdown_in_each_platforms_shape():
    ding = webhooks.payload("dingtalk", title="新任务", lines=["> 截止：2026-04-30"])
    assert ding["msgtype"] == "markdown" and ding["markdown"]["title"] == "新任务"
    assert "截止" in ding["markdown"]["text"]
    wecom = webhooks.payload("wecom", title="新任务", lines=["x"])
    assert wecom["markdown"]["content"].startswith("### 新任务")
