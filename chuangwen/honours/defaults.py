"""The honour types shipped with the system (every unit may use them; a unit or a region adds
its own in the admin). Seeded by migration 0002 and again by ``ensure_shipped`` into an empty
table (after ``flush``, for the demo)."""

from __future__ import annotations

NO_MARK = {"kind": "no_ethics_mark"}
GOOD_GRADE = {"kind": "min_ethics_grade", "grade": "good"}  # 医德考评等次良好及以上
NO_COMPLAINT = {"kind": "no_substantiated_complaint", "max": 0}

SHIPPED = [
    {"code": "most-satisfied-doctor", "name": "最满意医生",
     "rules": [NO_MARK, GOOD_GRADE, NO_COMPLAINT, {"kind": "post_contains", "text": "医师"}],
     "quota_kind": "staff_percent", "quota_value": 3, "bonus_points": 1},
    {"code": "most-satisfied-nurse", "name": "最满意护士",
     "rules": [NO_MARK, GOOD_GRADE, NO_COMPLAINT, {"kind": "post_contains", "text": "护"}],
     "quota_kind": "staff_percent", "quota_value": 3, "bonus_points": 1},
    {"code": "service-model", "name": "服务标兵", "rules": [NO_MARK, GOOD_GRADE, NO_COMPLAINT],
     "quota_kind": "staff_percent", "quota_value": 2, "bonus_points": 1},
    {"code": "civilised-department", "name": "文明科室", "subject": "department", "rules": [NO_COMPLAINT],
     "quota_kind": "department_percent", "quota_value": 20, "department_bonus_points": 2},
    {"code": "model-post", "name": "文明示范岗", "subject": "department", "rules": [NO_COMPLAINT],
     "quota_kind": "number", "quota_value": 3, "department_bonus_points": 1},
    {"code": "excellent-party-member", "name": "优秀共产党员",
     "rules": [NO_MARK, GOOD_GRADE, NO_COMPLAINT, {"kind": "political_status", "values": ["cpc"]}],
     "quota_kind": "party_percent", "quota_value": 10, "bonus_points": 1},
    {"code": "moral-model", "name": "道德模范", "rules": [NO_MARK, GOOD_GRADE, NO_COMPLAINT],
     "quota_kind": "number", "quota_value": 1, "bonus_points": 2, "uses_vote": False},
]  # fmt: skip


def seed(HonourType) -> None:
    """Create the shipped types missing from ``HonourType`` (a model class, or a migration's)."""
    have = set(HonourType.objects.filter(unit__isnull=True, region__isnull=True).values_list("code", flat=True))
    HonourType.objects.bulk_create([HonourType(**row) for row in SHIPPED if row["code"] not in have])


def ensure_shipped() -> None:
    from .models import HonourType

    seed(HonourType)
