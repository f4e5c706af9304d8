"""Writes of the inspection materials, one module per subject: the ledger builds and indicator
reports (``ledger``), the plan, the summary and generated documents (``documents``). Callers use
``services.<function>``."""

from .documents import (
    PLAN_TEXT_FIELDS,
    SUMMARY_TEXT_FIELDS,
    plan_generate,
    plan_text_save,
    summary_build_run,
    summary_generate,
    summary_text_save,
)
from .ledger import check_length, clean_text, is_current, ledger_build_start, report_edit, reports_draft

__all__ = [
    "PLAN_TEXT_FIELDS",
    "SUMMARY_TEXT_FIELDS",
    "check_length",
    "clean_text",
    "is_current",
    "ledger_build_start",
    "plan_generate",
    "plan_text_save",
    "report_edit",
    "reports_draft",
    "summary_build_run",
    "summary_generate",
    "summary_text_save",
]
