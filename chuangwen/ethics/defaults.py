"""The shared veto acts (一票否决事项) every unit starts with, from the 医德考评 guidance
(卫生部《关于建立医务人员医德考评制度的指导意见（试行）》, 《医务人员职业道德准则（2025年版）》).
Seeded by migration 0002 and again by ``veto_acts_seed`` (demo, after ``flush``)."""

VETO_ACTS = [
    ("red_envelope", "收受患者红包"),
    ("solicit_property", "索要患者及其亲友财物"),
    ("kickback", "收受药品、器械回扣"),
    ("order_commission", "违规开单提成"),
    ("serious_misconduct", "严重违反医疗卫生行风，造成恶劣社会影响"),
]


def veto_acts_seed(VetoAct) -> int:
    """Create the shared acts that are missing; returns how many were created."""
    have = set(VetoAct.objects.filter(unit__isnull=True).values_list("code", flat=True))
    new = [VetoAct(unit=None, code=c, name=n) for c, n in VETO_ACTS if c not in have]
    VetoAct.objects.bulk_create(new)
    return len(new)


def _c(field, op, value):
    return {"field": field, "op": op, "value": value}


# The 上高县 example (DOMAIN.md "Staff"), written so that no two grades overlap: 优秀 ≥ 90 with no
# deductions; 良好 ≥ 80 with deductions < 15; 一般 ≥ 60 with deductions < 25; 较差 below 60, or
# deductions ≥ 30, or any veto. It keeps the example's gap (≥ 60 with deductions 25–29).
STANDARD_GRADE_RULES = [
    ("excellent", [_c("score", ">=", 90), _c("deductions", "<=", 0)], False),
    ("good", [_c("score", ">=", 80), _c("score", "<", 90), _c("deductions", "<", 15)], False),
    ("good", [_c("score", ">=", 90), _c("deductions", ">", 0), _c("deductions", "<", 15)], False),
    ("fair", [_c("score", ">=", 60), _c("score", "<", 80), _c("deductions", "<", 25)], False),
    ("fair", [_c("score", ">=", 80), _c("deductions", ">=", 15), _c("deductions", "<", 25)], False),
    ("poor", [_c("score", "<", 60)], False),
    ("poor", [_c("deductions", ">=", 30)], False),
    ("poor", [], True),
]

STANDARD_WEIGHTS = {"self": 10, "department": 30, "committee": 20, "patients": 20, "record": 20}
