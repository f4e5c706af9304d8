"""The honours block of a person's page (the page already went through the person's scope)."""

from django import template

from ..selectors import person_honours as honours_of

register = template.Library()


@register.inclusion_tag("honours/person_block.html")
def person_honours(person):
    return {"honours": list(honours_of(person))}
