"""Ids sent by a client, resolved through the caller's scope.

Every id in a request body, a query filter or a form goes through ``resolve`` / ``resolve_many``
(a form: ``ScopedChoicesMixin``), which find only what ``user`` may see through ``visible_to``.
A record outside the scope is answered exactly like one that does not exist: "not found" (404
without a field, a field error "不存在或无权访问" with one), naming the ids the client sent and
never a name of the record, so an error message cannot tell another hospital's departments or
users apart from missing ones.

A model is resolvable when it declares ``scoping`` (``chuangwen.core.scoping.ScopeSpec``) or
registers a rule here (``register``: the user model, whose scope is that of its memberships)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .roles import VIEW
from .scoping import scope_q

NOT_FOUND = _("Not found, or you have no access to it.")
NOT_FOUND_IDS = _("Not found, or you have no access to it: %(value)s.")

# The largest primary key a database column holds: anything above is simply not there (and
# SQLite would raise OverflowError on the query instead of answering).
MAX_PK = 2**63 - 1

Rule = Callable[[object, str], Q]
_RULES: dict[type[models.Model], Rule] = {}


def register(model: type[models.Model], rule: Rule) -> None:
    """Declare the scope of a model without ``scoping``: ``rule(user, action)`` -> the rows' ``Q``."""
    _RULES[model] = rule


def is_resolvable(model: type[models.Model]) -> bool:
    return hasattr(model, "scoping") or model in _RULES


def resolvable_models() -> list[type[models.Model]]:
    """Every installed model ids can name: those with ``scoping`` and the registered ones."""
    from django.apps import apps

    return [m for m in apps.get_models() if is_resolvable(m)]


def scoped(source, user, action: str = VIEW) -> QuerySet:
    """``source`` (a model or a queryset of it) restricted to the rows ``user`` may ``action``."""
    qs = source if isinstance(source, QuerySet) else source._default_manager.all()
    model = qs.model
    if hasattr(model, "scoping"):
        return qs.filter(scope_q(model, user, action))
    if model in _RULES:
        return qs.filter(_RULES[model](user, action))
    raise ImproperlyConfigured(f"{model.__name__} has no scope: declare a ScopeSpec or register a rule in lookups.")


def _not_found(field: str | None, message=None, ids: Iterable | None = None):
    if field is None:
        return Http404()
    if message is None:
        message = NOT_FOUND_IDS % {"value": "、".join(str(i) for i in ids)} if ids else NOT_FOUND
    return ValidationError({field: [message]}, code="not_found")


def _valid_pk(pk) -> bool:
    return isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk <= MAX_PK


def resolve(source, pk, *, user, action: str = VIEW, field: str | None = None, message=None):
    """The one record ``pk`` of ``source`` that ``user`` may ``action``; ``None`` for ``None``.

    Outside the scope, missing or malformed: ``Http404`` without ``field``; with it, a
    ``ValidationError`` on ``field`` (the API answers 422 naming the field, a form shows it)."""
    if pk is None:
        return None
    obj = scoped(source, user, action).filter(pk=pk).first() if _valid_pk(pk) else None
    if obj is None:
        raise _not_found(field, message, [pk])
    return obj


def resolve_many(source, pks, *, user, action: str = VIEW, field: str | None = None, message=None) -> list:
    """The records ``pks`` (in the order given, repeats dropped), all or none: one id outside
    the scope fails the whole list, naming the ids that were not found."""
    ids = list(dict.fromkeys(pks or []))
    valid = [i for i in ids if _valid_pk(i)]
    found = scoped(source, user, action).in_bulk(valid) if valid else {}
    missing = [i for i in ids if i not in found]
    if missing:
        raise _not_found(field, message, missing)
    return [found[i] for i in ids]


class ScopedChoicesMixin:
    """A form whose model choice fields offer, and accept, only what the user may see.

    Call ``self.limit_choices(user)`` at the end of ``__init__``, once the querysets are set:
    each is narrowed through ``visible_to`` (a form's own narrowing, to a unit or a campaign,
    stays), and a posted id of another unit is "not found" like a missing one."""

    def limit_choices(self, user, action: str = VIEW) -> None:
        for field in self.fields.values():
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            model = field.queryset.model
            if not is_resolvable(model):
                continue
            field.queryset = scoped(field.queryset, user, action)
            message = NOT_FOUND_IDS if isinstance(field, forms.ModelMultipleChoiceField) else NOT_FOUND
            field.error_messages = {**field.error_messages, "invalid_choice": message}
