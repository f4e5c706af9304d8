"""Signed tokens of the public complaint form.

* Link token (``/f/<token>/``, printed as a QR code or linked from the hospital's site): the unit
  and optionally the department, signed with the secret key and a salt of their own, so changing
  a digit gives "link not valid" instead of another department's (or hospital's) form.
* Form token (hidden in the form): the link's target plus a random one-time submission key,
  timestamped. Only a form we served in the last hours is accepted, and a double tap sends the
  same key twice, which stores one complaint.
* Thanks token: the reference number shown on the thank-you page, signed, so that page reads
  nothing from the database and cannot be used to look complaints up."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing

LINK_SALT = "chuangwen.feedback.link"
FORM_SALT = "chuangwen.feedback.form"
THANKS_SALT = "chuangwen.feedback.thanks"
FORM_MAX_AGE = 6 * 3600
THANKS_MAX_AGE = 24 * 3600


class InvalidToken(Exception):
    """Not issued by us, altered or expired."""


@dataclass(frozen=True)
class Target:
    unit_id: int
    department_id: int | None = None

    @property
    def payload(self) -> str:
        return f"{self.unit_id}" if self.department_id is None else f"{self.unit_id}.{self.department_id}"

    @classmethod
    def parse(cls, payload: str) -> Target:
        parts = payload.split(".")
        if not 1 <= len(parts) <= 2 or not all(p.isdigit() for p in parts):
            raise InvalidToken
        return cls(int(parts[0]), int(parts[1]) if len(parts) == 2 else None)


def link_token(*, unit_id: int, department_id: int | None = None) -> str:
    return signing.Signer(salt=LINK_SALT).sign(Target(unit_id, department_id).payload)


def read_link_token(token: str) -> Target:
    try:
        return Target.parse(signing.Signer(salt=LINK_SALT).unsign(token))
    except signing.BadSignature as exc:
        raise InvalidToken from exc


def form_token(target: Target) -> str:
    """A fresh form token: the target and a new one-time submission key."""
    return signing.TimestampSigner(salt=FORM_SALT).sign_object({"t": target.payload, "k": secrets.token_hex(16)})


def read_form_token(token: str, target: Target, max_age: int = FORM_MAX_AGE) -> str:
    """The submission key of a form token served for ``target``."""
    try:
        data = signing.TimestampSigner(salt=FORM_SALT).unsign_object(token, max_age=max_age)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise InvalidToken from exc
    if not isinstance(data, dict) or data.get("t") != target.payload or not isinstance(data.get("k"), str):
        raise InvalidToken
    return data["k"]


def thanks_token(*, reference: str, has_phone: bool) -> str:
    return signing.TimestampSigner(salt=THANKS_SALT).sign_object({"r": reference, "p": has_phone})


def read_thanks_token(token: str) -> tuple[str, bool]:
    try:
        data = signing.TimestampSigner(salt=THANKS_SALT).unsign_object(token, max_age=THANKS_MAX_AGE)
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    return str(data.get("r", "")), bool(data.get("p"))
