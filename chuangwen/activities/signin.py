"""Sign-in on a phone (扫码签到): the rotating code and the checks of one sign-in.

The organiser's screen shows a QR code of ``/activities/s/<token>/``; the token signs the
activity and a time step of ``SIGNIN_STEP_SECONDS`` (30 s), and is accepted for the current and
the previous step only, so a photo of the code sent to a group chat stops working within a
minute. Whoever opens it must be logged in as a staff member of the activity's unit, inside its
window (from ``signin_opens_minutes`` before the start to the end; late after the start plus
``late_after_minutes``), and signs in once: the unique (activity, person) constraint turns a
double tap, even two at the same instant, into one row."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

SALT = "chuangwen.activities.signin"


def step_now() -> int:
    return int(time.time() // settings.SIGNIN_STEP_SECONDS)


def token_for(activity_id: int, step: int | None = None) -> str:
    """The sign-in token of an activity at a time step (now by default)."""
    step = step_now() if step is None else step
    return signing.Signer(salt=SALT).sign(f"{activity_id}.{step}")


class SignInRefused(Exception):
    """A sign-in refused, with its code and the message shown on the phone."""

    def __init__(self, code: str, message: str, activity_id: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.activity_id = activity_id


def activity_id_of(token: str, *, now_step: int | None = None) -> int:
    """The activity a token names, if it is genuine and of the current or the previous step."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
        activity_id, step = (int(v) for v in value.split("."))
    except (signing.BadSignature, ValueError):
        raise SignInRefused(
            "invalid", _("This sign-in code is not valid. Scan the code on the screen again.")
        ) from None
    now_step = step_now() if now_step is None else now_step
    if step not in (now_step, now_step - 1):
        raise SignInRefused(
            "expired",
            _("This sign-in code has expired (it changes every %(seconds)s s). Scan the code on the screen again.")
            % {"seconds": settings.SIGNIN_STEP_SECONDS},
            activity_id,
        )
    return activity_id


@dataclass(frozen=True)
class Window:
    opens_at: object
    late_at: object
    closes_at: object


def window_of(activity) -> Window:
    return Window(
        opens_at=activity.starts_at - timedelta(minutes=activity.signin_opens_minutes),
        late_at=activity.starts_at + timedelta(minutes=activity.late_after_minutes),
        closes_at=activity.ends_at,
    )


def check_window(activity, now=None) -> bool:
    """Whether ``now`` is inside the sign-in window; True when late. Refuses outside it."""
    now = now or timezone.now()
    w = window_of(activity)
    local = timezone.localtime
    if now < w.opens_at:
        raise SignInRefused(
            "not_open",
            _("Sign-in for “%(title)s” opens at %(time)s.")
            % {"title": activity.title, "time": f"{local(w.opens_at):%H:%M}"},
        )
    if now > w.closes_at:
        raise SignInRefused(
            "closed",
            _("Sign-in for “%(title)s” closed at %(time)s, when it ended.")
            % {"title": activity.title, "time": f"{local(w.closes_at):%m-%d %H:%M}"},
        )
    return now > w.late_at
