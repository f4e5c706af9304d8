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


@register.filter
def width_class(value) -> str:
    """The class giving a bar or column the width of a percentage, ``cw-w-0`` … ``cw-w-100``
    (css/chuangwen.css), rounded and kept within 0–100: under the Content-Security-Policy no
    template sets a ``style`` attribute."""
    try:
        percent = int(float(value or 0) + 0.5)
    except (TypeError, ValueError):
        percent = 0
    return f"cw-w-{min(max(percent, 0), 100)}"


@register.filter
def signed_points(value) -> str:
    """A score line's points as the standards write them: "+2", "−1", "0", "−0.5"."""
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{abs(number).normalize():f}"
    if number > 0:
        return f"+{text}"
    return f"−{text}" if number < 0 else "0"
