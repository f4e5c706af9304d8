"""Helpers shared by the ethics pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def form_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on the form, on the field it names when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def flash_errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)
