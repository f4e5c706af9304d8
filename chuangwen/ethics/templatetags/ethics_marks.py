"""``{% ethics_marks person %}``: a small block of a person's ethics marks (一票否决, 较差) for
other apps' pages (org's staff page), shown to whoever may read their sources."""

from django import template

from chuangwen.core.workdays import local_today

from .. import eligibility
from ..models import EvaluationRow, VetoRecord

register = template.Library()


@register.inclusion_tag("ethics/_marks_block.html", takes_context=True)
def ethics_marks(context, person):
    user = context["request"].user
    year = local_today().year
    readable = (
        VetoRecord.objects.visible_to(user).filter(person=person).exists()
        or EvaluationRow.objects.visible_to(user).filter(person=person).exists()
    )
    marks = []
    if readable:
        found = eligibility.marks_for([person.pk], year)  # looked up on call: one function to ask
        marks = found.get(person.pk, [])
    return {"person": person, "marks": marks, "readable": readable}
