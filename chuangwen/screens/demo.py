"""Demo data of big screens (数据大屏) opened by signed kiosk links for ``make demo``: one link per
demo hospital (made by its office) and one for the county (made by the bureau), valid a year.

Their tokens are fixed for the demo (``kiosk_demo_<unit>``), so ``load_demo`` can print the
addresses every time, as it prints the demo passwords; a real link's token is random and shown
once. One earlier link of 县人民医院 is revoked, so the links page shows both states."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from chuangwen.core.roles import Role
from chuangwen.org.models import Membership

from .services import link_create, link_revoke

HOSPITALS = [("rmyy", "创建办大屏"), ("zyy", "创建办大屏"), ("wsy", "创建办大屏")]
REGION = ("qingxi", "卫健委指挥中心大屏")


def demo_token(key: str) -> str:
    return f"kiosk_demo_{key}"


def _user(role: str, **where):
    m = Membership.objects.filter(role=role, is_active=True, **where).select_related("user").order_by("id").first()
    return m.user if m else None


def load(ctx) -> None:
    expires = timezone.now() + timedelta(days=365)
    for key, label in HOSPITALS:
        unit = ctx.units.get(key)
        office = _user(Role.OFFICE, unit=unit) if unit else None
        if office is None:
            continue
        if key == "rmyy":
            old, _token = link_create(user=office, unit=unit, label="旧会议室大屏", expires_at=expires)
            link_revoke(link=old, by=office)
        link_create(user=office, unit=unit, label=label, expires_at=expires, refresh_seconds=30, token=demo_token(key))
    region = ctx.regions.get(REGION[0])
    supervisor = _user(Role.SUPERVISOR, region=region) if region else None
    if supervisor is not None:
        link_create(
            user=supervisor,
            region=region,
            label=REGION[1],
            expires_at=expires,
            refresh_seconds=30,
            token=demo_token(REGION[0]),
        )


def notes() -> list[str]:
    """Printed by load_demo after the table of logins."""
    lines = ["数据大屏（墙上电脑无需登录，在访问地址后加上路径打开，按 F11 全屏）："]
    lines += [
        f"  {name}：/screens/k/{demo_token(key)}/"
        for key, name in (
            ("rmyy", "县人民医院"),
            ("zyy", "县中医院"),
            ("wsy", "关庙卫生院"),
            ("qingxi", "青溪县（卫健委）"),
        )
    ]
    return lines
