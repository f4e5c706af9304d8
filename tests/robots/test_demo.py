"""The robots demo step: 青溪县人民医院's groups point at the local stand-in and are disabled;
the office's pages show a few weeks of messages with one failure."""

from chuangwen.core.management.commands import load_demo
from chuangwen.robots.models import Delivery, Robot

STEPS = [
    "chuangwen.org.demo",
    "chuangwen.standards.demo",
    "chuangwen.campaigns.demo",
    "chuangwen.robots.demo",
]


def test_the_demo_robots(db, monkeypatch, client, django_capture_on_commit_callbacks):
    monkeypatch.setattr(load_demo, "DEMO_STEPS", STEPS)
    with django_capture_on_commit_callbacks(execute=True):
        ctx = load_demo.load()
    robots = Robot.objects.filter(unit=ctx.units["rmyy"])
    assert robots.count() == 4 and not robots.filter(is_active=True).exists()
    assert all(r.webhook_url.startswith("http://127.0.0.1:8799/") for r in robots)
    assert robots.filter(provider="dingtalk").exclude(secret="").exists()
    assert Delivery.objects.filter(status="sent").count() >= 5
    assert Delivery.objects.filter(status="failed").count() == 1
    client.force_login(ctx.users["chuangban"])
    page = client.get("/robots/").content.decode()
    assert "内科钉钉群" in page and "1 条消息未能送达" in page.replace("有 ", "")
    assert "errcode 310000" in client.get("/robots/deliveries/?status=failed").content.decode()
