"""Text from the public that can be stored and read back.

Two things arrive from scripts and broken phones: the NUL character (PostgreSQL refuses it in a
text column: a 500 instead of an answer) and bytes that are not UTF-8, which Django decodes into
U+FFFD replacement characters (stored as mojibake). Both are refused with a message naming the
field, so the sender can type the text again."""

from __future__ import annotations

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UNREADABLE = ("\x00", "\ufffd")


def is_readable(text: str) -> bool:
    return not any(c in text for c in UNREADABLE)


def unreadable_message(field: str) -> str:
    return _(
        "“%(field)s” contains characters that cannot be read (a broken encoding or a null character). "
        "Please type it again."
    ) % {"field": field}


class ReadableTextMixin:
    """A form whose text fields refuse NUL and replacement characters with ``unreadable_message``
    (in place of Django's own NUL check, whose message names no field)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                field.validators = [
                    v for v in field.validators if not isinstance(v, validators.ProhibitNullCharactersValidator)
                ]
                field.validators.append(_readable_validator(str(field.label or name)))


def _readable_validator(label: str):
    def check(value):
        if isinstance(value, str) and not is_readable(value):
            raise ValidationError(unreadable_message(label), code="unreadable")

    return check
