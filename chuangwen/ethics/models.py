"""Medical ethics evaluation (医德医风考评): models, split by entity (rules_models.py: the year's
rules as data; evaluation_models.py: evaluations, rows, objections, veto records)."""

from .evaluation_models import Evaluation, EvaluationRow, Objection, VetoFile, VetoRecord  # noqa: F401
from .rules_models import Component, Grade, GradeRule, RuleSet, VetoAct  # noqa: F401
