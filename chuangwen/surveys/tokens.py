"""Signed tokens of the public side.

* QR token (in the short URL ``/s/<token>/`` printed on a department's poster): the unit,
  department and template ids, signed with the secret key and a salt of their own. A guessed or
  altered token fails the signature check, so nobody reaches another department's form by
  changing a digit.
* Form token (a hidden field of the public form): the QR token's ids and the time the form was
  served, signed. The public POST needs no session or CSRF cookie (the page can be cached), yet
  only a form served by us in the last ``FORM_MAX_AGE`` seconds is accepted."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.core import signing

QR_SALT = "chuangwen.surveys.qr"
FORM_SALT = "chuangwen.surveys.form"
FORM_MAX_AGE = 6 * 3600


@dataclass(frozen=True)
class QrTarget:
    unit_id: int
    department_id: int
    template_id: int

    @property
    def payload(self) -> str:
        return f"{self.unit_id}.{self.department_id}.{self.template_id}"


class InvalidToken(Exception):
    """A token that was not issued by us, was altered, or has expired."""


def _parse(payload: str) -> QrTarget:
    parts = payload.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise InvalidToken
    return QrTarget(*(int(p) for p in parts))


def qr_token(*, unit_id: int, department_id: int, template_id: int) -> str:
    """The token of one department's poster for one template (``12.34.5:<signature>``)."""
    return signing.Signer(salt=QR_SALT).sign(QrTarget(unit_id, department_id, template_id).payload)


@functools.lru_cache(maxsize=4096)
def read_qr_token(token: str) -> QrTarget:
    """The target of a QR token (raises InvalidToken). Checked signatures are remembered: every
    submission of a poster's form reads the same token again."""
    try:
        return _parse(signing.Signer(salt=QR_SALT).unsign(token))
    except signing.BadSignature as exc:
        raise InvalidToken from exc


def form_token(target: QrTarget) -> str:
    return signing.TimestampSigner(salt=FORM_SALT).sign(target.payload)


def read_form_token(token: str, max_age: int = FORM_MAX_AGE) -> QrTarget:
    try:
        return _parse(signing.TimestampSigner(salt=FORM_SALT).unsign(token, max_age=max_age))
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise InvalidToken from exc
