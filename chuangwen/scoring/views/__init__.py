"""Pages of the scoring app, by entity: ``items`` (item scores, a round's checklist),
``departments`` (量化考核 ranking, a department's month, the scheme, the bureau's ranking),
``appeals`` (the ledger, the office's entries and corrections, appeals), ``readiness``
(创建达标: pass lines and title vetoes)."""
