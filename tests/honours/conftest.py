import pytest

from chuangwen.ethics import eligibility as ethics
from chuangwen.honours.defaults import NO_COMPLAINT, NO_MARK
from chuangwen.org.models import Person
from tests import factories as f


@pytest.fixture
def hw(world):
    """The test world plus hospital A's 最满意护士 (nurses, no veto, no substantiated complaint)
    and 优秀共产党员 types, a 2026 selection of both, and nurses in 内科."""
    w = world
    w.nurse_type = f.honour_type(
        w.a, code="nurse", name="最满意护士", rules=[NO_MARK, NO_COMPLAINT, {"kind": "post_contains", "text": "护"}],
        bonus_points=1, department_bonus_points=0,
    )  # fmt: skip
    w.party_type = f.honour_type(
        w.a, code="party", name="优秀共产党员", rules=[NO_MARK, {"kind": "political_status", "values": ["cpc"]}],
        quota_kind="party_percent", quota_value=10,
    )  # fmt: skip
    w.sel = f.selection(w.a, types=[w.nurse_type, w.party_type])
    w.a_p1.title = "主管护师"
    w.a_p1.save()
    w.nurses = [w.a_p1] + [
        f.person(w.a_med, name=name, title="护师", political_status=Person.Political.CPC)
        for name in ("周敏", "吴芳", "郑丽")
    ]
    return w


@pytest.fixture
def marks(monkeypatch):
    """Pretend the ethics evaluation recorded marks: ``marks({person_id: "reason"}, kind)``."""
    found: dict = {}

    def fake(person_ids, year):
        return {pid: found[pid] for pid in person_ids if pid in found}

    monkeypatch.setattr(ethics, "marks_for", fake)

    def add(reasons: dict, kind: str = "veto", year: int = 2026):
        for pid, reason in reasons.items():
            found.setdefault(pid, []).append(ethics.Mark(person_id=pid, year=year, kind=kind, reason=reason))

    return add
