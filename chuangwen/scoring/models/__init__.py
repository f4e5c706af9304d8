"""The scoring app's models, one module per subject: the ledger (``ledger``), item scores
(``items``), 量化考核 of departments (``departments``) and 创建达标 readiness (``readiness``)."""

from .departments import Appeal, AppealEvent, AppealFile, DepartmentScore, EntryFile, Scheme
from .items import ItemAssessment, ItemScore, View
from .ledger import AppendOnlyError, LedgerEntry, Source
from .readiness import PassLine, UnitVeto, VetoCondition

__all__ = [
    "Appeal",
    "AppealEvent",
    "AppealFile",
    "AppendOnlyError",
    "DepartmentScore",
    "EntryFile",
    "ItemAssessment",
    "ItemScore",
    "LedgerEntry",
    "PassLine",
    "Scheme",
    "Source",
    "UnitVeto",
    "VetoCondition",
    "View",
]
