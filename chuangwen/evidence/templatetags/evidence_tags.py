"""Template helpers of the evidence ledger: status badges and the evidence panel of a task."""

from django import template
from django.utils.html import format_html

from chuangwen.evidence import selectors
from chuangwen.evidence.models import Evidence, ItemCompliance

register = template.Library()

STATUS_CLASSES = {
    Evidence.Status.DRAFT: "text-bg-secondary",
    Evidence.Status.SUBMITTED: "text-bg-primary",
    Evidence.Status.ACCEPTED: "text-bg-success",
    Evidence.Status.RETURNED: "text-bg-warning",
    "archived": "text-bg-dark",
}
COMPLIANCE_CLASSES = {
    ItemCompliance.Status.MET: "text-bg-success",
    ItemCompliance.Status.PARTIAL: "text-bg-warning",
    ItemCompliance.Status.UNMET: "text-bg-danger",
}


@register.simple_tag
def evidence_status_badge(evidence):
    """A coloured badge with the record's status (archived records say so)."""
    if evidence.archived_at:
        from django.utils.translation import gettext as _

        return format_html('<span class="badge {}">{}</span>', STATUS_CLASSES["archived"], _("Archived"))
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        STATUS_CLASSES.get(evidence.status, "text-bg-light"),
        evidence.status,
        evidence.get_status_display(),
    )


@register.simple_tag
def compliance_badge(status):
    label = ItemCompliance.Status(status).label if status in ItemCompliance.Status.values else status
    return format_html('<span class="badge {}">{}</span>', COMPLIANCE_CLASSES.get(status, "text-bg-light"), label)


@register.inclusion_tag("evidence/_task_panel_body.html", takes_context=True)
def evidence_task_panel(context, task):
    """The task's evidence (as far as the user may see it), the rules of its items checked
    against the accepted evidence, and an upload button for those who may add evidence."""
    request = context["request"]
    user = request.user
    return {
        "task": task,
        "evidence_rows": selectors.task_evidence(user, task),
        "item_rules": selectors.item_rules(task.campaign, task.items.order_by("order", "id")),
        "can_add": not task.archived_at and selectors.can_add_evidence(user, task),
        "request": request,
    }
