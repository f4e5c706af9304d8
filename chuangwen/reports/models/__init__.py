"""What the inspectors receive (迎检材料): the ledger export and the indicator reports
(``ledger``), document templates the office owns and the documents generated from them
(``documents``)."""

from .documents import DocumentTemplate, GeneratedDocument, PlanText, SummaryText
from .ledger import LEDGER_ROLES, REPORT_MAX_CHARS, IndicatorReport, LedgerBuild

__all__ = [
    "LEDGER_ROLES",
    "REPORT_MAX_CHARS",
    "DocumentTemplate",
    "GeneratedDocument",
    "IndicatorReport",
    "LedgerBuild",
    "PlanText",
    "SummaryText",
]
