"""Password rules beyond Django's own: the project's weak passwords (弱口令) as data."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEAK_PASSWORDS_FILE = Path(__file__).with_name("weak_passwords.txt")


@cache
def weak_stems(path: Path = WEAK_PASSWORDS_FILE) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _stem_of(password: str) -> str:
    """The password without the digits around it ("Qingxi2026" -> "qingxi"); digits alone stay."""
    lowered = password.lower()
    stripped = re.sub(r"^\d+|\d+$", "", lowered)
    return stripped or lowered


class ProjectWeakPasswordValidator:
    """Refuses a stem of ``weak_passwords.txt``, alone or with digits before or after it
    (``qingxi2026``, ``Chuangwen2026``, ``abc12345``). A password with other characters in it
    (``Chuangwen@2026``) is left to the other validators."""

    def __init__(self, path: str | None = None):
        self.path = Path(path) if path else WEAK_PASSWORDS_FILE

    def validate(self, password: str, user=None) -> None:
        if _stem_of(password) in weak_stems(self.path):
            raise ValidationError(
                _(
                    "This password is on the list of easily guessed passwords "
                    "(a place or project name with a year, for example)."
                ),
                code="password_weak",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be a place or project name followed by digits (such as qingxi2026).")
