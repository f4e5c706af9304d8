"""The volunteer service pages: totals, events and hours, the platform import, rules, certificates."""
