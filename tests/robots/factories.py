"""Builders of group robots and their messages for tests/factories.py ``FACTORIES`` (merged
there) and the scope matrix (``scope_builders``): each returns one saved, plausible row."""

import itertools

_seq = itertools.count(1)


def _f():
    from tests import factories

    return factories


def robot(unit=None, *, department=None, provider="wecom", **kw):
    from chuangwen.robots.models import Robot

    if unit is None:
        unit = (department.unit if department else None) or _f()._department().unit
    n = next(_seq)
    url = (
        f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k{n}"
        if provider == "wecom"
        else f"https://oapi.dingtalk.com/robot/send?access_token=t{n}"
    )
    fields = {"name": f"工作群{n}", "webhook_url": url, "kinds": ["task_assigned"], **kw}
    return Robot.objects.create(unit=unit, department=department, provider=provider, **fields)


def delivery(r=None, **kw):
    from chuangwen.robots.models import Delivery

    r = r or robot()
    fields = {"kind": "task_assigned", "title": "新任务 RW001：每月开展政治学习", "payload": {"msgtype": "text"}, **kw}
    return Delivery.objects.create(robot=r, unit_id=r.unit_id, **fields)


def preference(user=None, **kw):
    from chuangwen.robots.models import Preference

    return Preference.objects.create(user=user or _f().user(), kind=kw.pop("kind", "task_overdue"), **kw)


FACTORIES = {
    "robots.Robot": lambda: robot(),
    "robots.Delivery": lambda: delivery(),
    "robots.Preference": lambda: preference(),
}


def scope_builders() -> dict:
    """Builders of the scope matrix (tests/core/test_scope_matrix.py), one hospital ``h`` each."""

    def _robot(h):
        h.robot = robot(h.unit, department=h.department, name=f"{h.mark}内科群")
        return h.robot

    def _delivery(h):
        return delivery(h.robot, title=f"{h.mark}新任务", last_error=f"{h.mark}失败")

    return {"robots.Robot": _robot, "robots.Delivery": _delivery}
