"""The shipped activity kinds (seeds 000 方案2 三(二), 四(一)3; 001 三(三); 003 篇一 二, 篇三 二2):
trainings and drills ask 受训率100%; political and professional study, 道德讲堂 and lectures are
study sessions with notes. Seeded by migration 0002, and again after ``flush`` empties the table;
offices change them in the admin (with history) or add their own."""

KINDS = [
    # code, name, required participation rate (%), study session
    ("political_study", "政治学习", None, True),
    ("professional_study", "业务学习", None, True),
    ("ethics_lecture", "道德讲堂", None, True),
    ("lecture", "专题讲座", None, True),
    ("training", "培训", 100, False),
    ("drill", "演练", 100, False),
    ("festival", "我们的节日", None, False),
    ("free_clinic", "义诊", None, False),
    ("pairing", "结对帮扶", None, False),
    ("publicity", "宣传", None, False),
]


def seed_kinds(apps, using="default") -> None:
    """The shipped kinds, into a table that has none shared (an office's own edits stay)."""
    ActivityKind = apps.get_model("activities", "ActivityKind")
    if ActivityKind.objects.using(using).filter(unit__isnull=True).exists():
        return
    ActivityKind.objects.using(using).bulk_create(
        ActivityKind(code=code, name=name, required_rate=rate, is_study=study, sort_order=order * 10)
        for order, (code, name, rate, study) in enumerate(KINDS, start=1)
    )
