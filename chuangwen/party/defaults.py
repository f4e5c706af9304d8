"""The shipped rules of party work, seeded by migration 0002 into empty tables (and again by the
demo after a flush); offices change them in the admin, with history.

三会一课 and the yearly duties: 中国共产党支部工作条例（试行）2018 as commonly applied. The 25 steps
of member development and their time rules: 《中国共产党发展党员工作细则》2014."""

from __future__ import annotations

# code, name, frequency, per group, remind days, takes votes
MEETING_TYPES = [
    ("members", "党员大会", "quarter", False, 15, True),
    ("committee", "支委会", "month", False, 7, True),
    ("group", "党小组会", "month", True, 7, False),
    ("lecture", "党课", "quarter", False, 15, False),
    ("theme_day", "主题党日", "month", False, 7, False),
    ("life", "组织生活会", "year", False, 30, False),
    ("appraisal", "民主评议党员", "year", False, 30, True),
]

# number, stage, name, counted from, min months, max months, people role, status after, rule
STEPS = [
    (1, 1, "递交入党申请书", None, None, None, "", "", ""),
    (2, 1, "党组织派人谈话", 1, None, 1, "", "", "收到入党申请书后一个月内派人谈话"),
    (3, 2, "推荐和确定入党积极分子", 1, None, None, "", "", ""),
    (4, 2, "上级党委备案", 3, None, None, "", "", ""),
    (5, 2, "指定培养联系人", 3, None, None, "培养联系人", "", ""),
    (6, 2, "培养教育考察", 3, None, None, "", "", ""),
    (7, 3, "确定发展对象", 3, 12, None, "", "", "入党积极分子经过一年以上培养教育和考察方可列为发展对象"),
    (8, 3, "报上级党委备案", 7, None, None, "", "", ""),
    (9, 3, "确定入党介绍人", 7, None, None, "入党介绍人", "", ""),
    (10, 3, "进行政治审查", 7, None, None, "", "", ""),
    (11, 3, "开展集中培训", 7, None, None, "", "", "集中培训时间一般不少于3天（或不少于24个学时）"),
    (12, 4, "支部委员会审查", 7, None, None, "", "", ""),
    (13, 4, "上级党委预审", 12, None, None, "", "", ""),
    (14, 4, "填写入党志愿书", 13, None, None, "", "", ""),
    (15, 4, "支部大会讨论", 14, None, None, "", "", ""),
    (16, 4, "上级党委派人谈话", 15, None, None, "", "", ""),
    (17, 4, "上级党委审批", 15, None, 3, "", "probationary", "上级党委应在三个月内审批（最长不超过六个月）"),
    (18, 4, "再上级党委组织部门备案", 17, None, None, "", "", ""),
    (19, 5, "编入党支部和党小组", 17, None, None, "", "", ""),
    (20, 5, "入党宣誓", 17, None, None, "", "", ""),
    (21, 5, "继续教育考察", 15, None, None, "", "", ""),
    (22, 5, "提出转正申请", 15, 12, None, "", "", "预备期为一年，自支部大会通过之日算起"),
    (23, 5, "支部大会讨论转正", 15, 12, None, "", "", "预备期满一年方可讨论转正（延长预备期的，期满后讨论）"),
    (24, 5, "上级党委审批转正", 23, None, 3, "", "cpc", "上级党委应在三个月内审批转正"),
    (25, 5, "材料归档", 24, None, None, "", "", ""),
]
TRAINING_STEP = 11
# Steps that wait for the end of the 预备期, later by an extension (6–12 months).
PROBATION_STEPS = (22, 23)
TRAINING_MIN_DAYS = 3
TRAINING_MIN_HOURS = 24


def seed_defaults(apps=None, using: str = "default") -> None:
    """Fill the meeting types and the development steps when their tables are empty."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    MeetingType = apps.get_model("party", "MeetingType")
    DevelopmentStep = apps.get_model("party", "DevelopmentStep")
    if not MeetingType.objects.using(using).exists():
        MeetingType.objects.using(using).bulk_create(
            MeetingType(
                code=code,
                name=name,
                frequency=freq,
                per_group=per_group,
                remind_days=remind,
                needs_votes=votes,
                sort_order=i,
            )
            for i, (code, name, freq, per_group, remind, votes) in enumerate(MEETING_TYPES)
        )
    if not DevelopmentStep.objects.using(using).exists():
        DevelopmentStep.objects.using(using).bulk_create(
            DevelopmentStep(
                number=n,
                stage=stage,
                name=name,
                counted_from=ref,
                min_months=lo,
                max_months=hi,
                people_role=people,
                sets_status=status,
                rule=rule,
                min_training_days=TRAINING_MIN_DAYS if n == TRAINING_STEP else None,
                min_training_hours=TRAINING_MIN_HOURS if n == TRAINING_STEP else None,
                adds_probation_extension=n in PROBATION_STEPS,
            )
            for n, stage, name, ref, lo, hi, people, status, rule in STEPS
        )
