import io
from datetime import date

import pytest
from openpyxl import Workbook

from chuangwen.core.roles import Role
from tests import factories as f

TODAY = date(2026, 11, 15)


def xlsx(rows, headers=("志愿者姓名", "工号", "服务日期", "服务时长", "项目名称", "记录编号")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


MAPPING = {"name": "志愿者姓名", "employee_no": "工号", "served_on": "服务日期", "hours": "服务时长",
           "event_name": "项目名称", "platform_id": "记录编号"}  # fmt: skip


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def hospital(world):
    """Hospital A of the world with a third person and the department head's person."""
    w = world
    w.a_p3 = f.person(w.a_med, name="赵敏")
    w.head_person = f.person(w.a_med, name="陈主任")
    w.head_person.user = w.head
    w.head_person.save()
    w.b_office = f.user("b_office")
    f.member(w.b_office, Role.OFFICE, unit=w.b)
    return w
