"""The toolkit of the public forms (no login): the satisfaction survey at ``/s/<token>/`` and the
complaint form at ``/f/<token>/``. Both answer anyone who scans a poster, so both hold off abuse
the same way, with the pieces below. A new public form declares one ``SignedForm`` here and uses
nothing else.

Signed links (printed as QR codes, so their format never changes)
    ``SURVEY.link(unit_id=, department_id=, template_id=)`` and ``COMPLAINT.link(unit_id=,
    department_id=None)`` give ``12.34.5:<signature>``: the ids of a ``Target``, signed with the
    secret key and the form's own salt (``django.core.signing.Signer``). ``read_link(token)``
    gives the ``Target`` back or raises ``InvalidToken``: an altered digit, a guessed token or
    one signed for another use is "not valid", never another department's form. Checked links
    are remembered (every submission of a poster reads the same token again).

Form tokens (a hidden field: no session or CSRF cookie is needed, the page may be cached)
    ``form_token(target, key="")``: the target, timestamped and signed with a second salt;
    ``read_form_token(token, target)`` accepts only one served for this target in the last
    ``form_max_age`` seconds (else ``InvalidToken``) and returns the idempotency key signed
    with it. The complaint form carries its key inside the token (``key_in_token``); the survey
    form sends it in a field of its own (``key``), checked with ``is_key``.

Idempotency (one submission per served form: a double tap stores one record)
    ``new_key()`` makes the key served with a form (32 hex characters), ``is_key`` checks one
    sent back. The key is stored in a unique column of the record (``Response.idempotency_key``,
    ``Complaint.submission_key``); ``once(records, create)`` returns the record already stored
    under it, or the one ``create()`` stores now; when two taps race past the look-up, the
    unique index refuses the second and it gets the first one's record.

Clients and rate limits (counted in the shared cache by ``chuangwen.core.ratelimit.hit``)
    ``fingerprint(meta)``: a keyed hash (HMAC with the secret key) of the client's address
    (``chuangwen.core.net.client_ip``: the one the trusted proxies report, so patients behind
    nginx are told apart and an ``X-Forwarded-For`` entry the client wrote changes nothing) and
    its User-Agent; the raw address is never stored. ``allow(meta, fp=, scope=, ip_scope=)``
    counts one submission under the form's two limits (its ``*_RATE_LIMITS`` setting):
    ``"client"`` per fingerprint in ``scope`` (so one phone cannot flood a department) and
    ``"ip"`` per address in ``ip_scope`` (so a script changing its User-Agent is still capped).
    ``retry_minutes()`` says how long a limited client should wait.

Request size and readable text
    ``too_large(meta)``: the body is over the form's cap (its ``*_MAX_BODY`` setting), to be
    answered with 413 before it is read. Text from broken phones and scripts may hold NUL
    (PostgreSQL refuses it) or bytes that are not UTF-8 (decoded into U+FFFD): ``is_readable``,
    ``unreadable_message(field)`` and the form mixin ``ReadableTextMixin`` refuse both with a
    message naming the field.

The complaint form's thank-you page shows its reference number from a signed token
(``COMPLAINT.thanks_token`` / ``read_thanks_token``), so it reads nothing from the database."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.conf import settings
from django.core import signing, validators
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from . import ratelimit
from .net import client_ip

M = TypeVar("M", bound=Model)


class InvalidToken(Exception):
    """A token that was not issued by us, was altered, is for another use or has expired."""


@dataclass(frozen=True)
class Target:
    """What a signed link names: a unit, and for some forms its department and a survey template."""

    unit_id: int
    department_id: int | None = None
    template_id: int | None = None

    @property
    def ids(self) -> tuple[int, ...]:
        ids = (self.unit_id, self.department_id, self.template_id)
        while ids[-1] is None:
            ids = ids[:-1]
        if None in ids:
            raise ValueError("a template without a department")
        return ids

    @property
    def payload(self) -> str:
        return ".".join(str(i) for i in self.ids)


@dataclass(frozen=True)
class SignedForm:
    """One public form: the salts of its tokens, how many ids its links name, and the settings
    of its limits. Salts must differ between forms and uses (a test holds it)."""

    name: str  # the prefix of its rate-limit counters
    link_salt: str
    form_salt: str
    id_counts: tuple[int, ...]
    limits_of: Callable[[], dict[str, tuple[int, int]]]  # reads its ``*_RATE_LIMITS`` setting
    max_body_of: Callable[[], int]  # reads its ``*_MAX_BODY`` setting
    key_in_token: bool = False
    thanks_salt: str = ""
    form_max_age: int = 6 * 3600
    thanks_max_age: int = 24 * 3600

    # --- links and form tokens --------------------------------------------------------------

    def link(self, *, unit_id: int, department_id: int | None = None, template_id: int | None = None) -> str:
        """The token of a poster or link (``12.34.5:<signature>``)."""
        target = Target(unit_id, department_id, template_id)
        if len(target.ids) not in self.id_counts:
            raise ValueError(f"a {self.name} link names {self.id_counts} ids, not {target.ids}")
        return signing.Signer(salt=self.link_salt).sign(target.payload)

    def read_link(self, token: str) -> Target:
        """The target of a link token (raises InvalidToken)."""
        return _read_link(settings.SECRET_KEY, self.link_salt, self.id_counts, token)

    def form_token(self, target: Target, key: str = "") -> str:
        """The token served with the form for ``target`` (and its key, where ``key_in_token``)."""
        signer = signing.TimestampSigner(salt=self.form_salt)
        if self.key_in_token:
            return signer.sign_object({"t": target.payload, "k": key or new_key()})
        return signer.sign(target.payload)

    def read_form_token(self, token: str, target: Target) -> str:
        """The idempotency key of a form token served for ``target`` recently ("" where the key
        travels in its own field). Raises InvalidToken."""
        signer = signing.TimestampSigner(salt=self.form_salt)
        try:
            if not self.key_in_token:
                if signer.unsign(token, max_age=self.form_max_age) != target.payload:
                    raise InvalidToken
                return ""
            data = signer.unsign_object(token, max_age=self.form_max_age)
        except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
            raise InvalidToken from exc
        if not isinstance(data, dict) or data.get("t") != target.payload or not isinstance(data.get("k"), str):
            raise InvalidToken
        return data["k"]

    def thanks_token(self, **data) -> str:
        """A signed note for the thank-you page (the complaint's reference number)."""
        return signing.TimestampSigner(salt=self.thanks_salt).sign_object(data)

    def read_thanks_token(self, token: str) -> dict:
        try:
            data = signing.TimestampSigner(salt=self.thanks_salt).unsign_object(token, max_age=self.thanks_max_age)
        except signing.BadSignature as exc:
            raise InvalidToken from exc
        if not isinstance(data, dict):
            raise InvalidToken
        return data

    # --- limits ------------------------------------------------------------------------------

    def max_body(self) -> int:
        """The largest form body taken, in bytes."""
        return self.max_body_of()

    def too_large(self, meta) -> bool:
        """Whether the request announces a body over the cap (a malformed length counts as none:
        Django then reads no body)."""
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        return length > self.max_body()

    @property
    def limits(self) -> dict[str, tuple[int, int]]:
        return self.limits_of()

    def allow(self, meta, *, fp: str, scope: object, ip_scope: object = None) -> bool:
        """Whether this client may send one more submission now (counts it): under
        ``limits["ip"]`` for its address in ``ip_scope`` and under ``limits["client"]`` for its
        fingerprint ``fp`` in ``scope``. ``meta``: the request's META."""
        limits = self.limits
        ip_bucket = f"{self.name}:rl:ip" + (f":{ip_scope}" if ip_scope is not None else "")
        if not ratelimit.hit(f"{ip_bucket}:{ip_key(meta)}", *limits["ip"]):
            return False
        return ratelimit.hit(f"{self.name}:rl:c:{scope}:{fp}", *limits["client"])

    def retry_minutes(self) -> int:
        """How long to tell a limited client to wait (the client window, in minutes)."""
        return max(1, self.limits["client"][1] // 60)


@functools.lru_cache(maxsize=4096)
def _read_link(secret_key: str, salt: str, id_counts: tuple[int, ...], token: str) -> Target:
    # Keyed by the secret key too: a token remembered as valid stays so only under the key that signed it.
    try:
        parts = signing.Signer(key=secret_key, salt=salt).unsign(token).split(".")
    except signing.BadSignature as exc:
        raise InvalidToken from exc
    if len(parts) not in id_counts or not all(p.isdigit() for p in parts):
        raise InvalidToken
    return Target(*(int(p) for p in parts))


SURVEY = SignedForm(
    name="surveys",
    link_salt="chuangwen.surveys.qr",
    form_salt="chuangwen.surveys.form",
    id_counts=(3,),  # unit, department, template
    limits_of=lambda: settings.SURVEYS_RATE_LIMITS,  # client: per phone and department; ip: any form
    max_body_of=lambda: settings.SURVEYS_MAX_BODY,
)
COMPLAINT = SignedForm(
    name="feedback",
    link_salt="chuangwen.feedback.link",
    form_salt="chuangwen.feedback.form",
    id_counts=(1, 2),  # unit, and optionally the department
    limits_of=lambda: settings.FEEDBACK_RATE_LIMITS,  # both per unit
    max_body_of=lambda: settings.FEEDBACK_PUBLIC_MAX_BODY,
    key_in_token=True,
    thanks_salt="chuangwen.feedback.thanks",
)
FORMS = (SURVEY, COMPLAINT)


# --- idempotency -----------------------------------------------------------------------------

KEY_RE = re.compile(r"^[0-9a-f]{32}$")


def new_key() -> str:
    """A fresh idempotency key (32 hex characters, 128 random bits)."""
    return secrets.token_hex(16)


def is_key(value: object) -> bool:
    return isinstance(value, str) and KEY_RE.match(value) is not None


def once(records: QuerySet[M], create: Callable[[], M], *, known_new: bool = False) -> tuple[M, bool]:
    """(record, created): the record of ``records`` (those stored under one key, whose column is
    unique) if there is one, else the one ``create()`` stores now, in a savepoint. When another
    request stored it meanwhile, the unique index refuses this one and its record is returned.
    ``known_new``: the caller has just looked the key up itself."""
    if not known_new and (existing := records.first()) is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = records.first()
        if existing is None:
            raise
        return existing, False


# --- clients ---------------------------------------------------------------------------------


def _hash(*parts: str) -> str:
    msg = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()[:32]


def fingerprint(meta) -> str:
    """A keyed hash of the client's address and browser (32 hex characters). ``meta``: the
    request's META (the WSGI environ)."""
    return _hash("fp", client_ip(meta), meta.get("HTTP_USER_AGENT", "")[:300])


def ip_key(meta) -> str:
    """A keyed hash of the client's address alone (for the per-address limits)."""
    return _hash("ip", client_ip(meta))


# --- readable text ---------------------------------------------------------------------------

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
