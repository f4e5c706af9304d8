"""Writes of the ethics evaluation, one module per entity; callers import from here."""

from .evaluations import (  # noqa: F401
    evaluation_finalise,
    evaluation_grade,
    evaluation_open,
    evaluation_publicise,
    evaluation_review,
    objection_answer,
    objection_file,
    row_decide,
    row_self_evaluate,
    rows_department_grade,
)
from .records import record_entry_add, veto_act_add, veto_record, veto_withdraw  # noqa: F401
from .rules import ruleset_check, ruleset_create, ruleset_new_version, ruleset_publish  # noqa: F401
