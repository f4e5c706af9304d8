"""``{% notification_bell %}``: the bell with the unread count for the top bar.

It renders an htmx placeholder that loads the count from ``dashboard:notification_badge`` after
the page, so no page pays a query for it (and query-count tests of other pages stay fixed)."""

from django import template

register = template.Library()


@register.inclusion_tag("dashboard/notification_bell.html")
def notification_bell():
    return {}


@register.filter
def state_class(state: str) -> str:
    """Bootstrap colour of an item state (met / partial / unmet)."""
    return {"met": "success", "partial": "warning"}.get(state, "danger")


@register.filter
def rate_class(value) -> str:
    """Colour of a percentage: green from 80, amber from 50, red below."""
    value = float(value or 0)
    return "success" if value >= 80 else ("warning" if value >= 50 else "danger")
