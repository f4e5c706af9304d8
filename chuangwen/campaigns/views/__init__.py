"""Pages of the campaigns app, by entity: ``campaigns`` (plans, phases, members) and ``tasks``
(tasks, bulk assignment, the 责任分解表, my tasks)."""
