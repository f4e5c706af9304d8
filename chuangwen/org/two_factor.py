"""Two-factor sign-in (两步验证): a TOTP authenticator app plus single-use recovery codes
(django-otp's TOTP and static devices).

Required for system admins (superusers, admin-role memberships) and for every user with a
region-scope membership (the bureau); optional for everyone else. Whether a signed-in session
still owes its second step is decided once, at login, and kept in the session
(``SESSION_KEY``): ``TwoFactorMiddleware`` then confines the session to that step without a
query per request."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record
from chuangwen.core.roles import Role, Scope

SESSION_KEY = "cw_second_factor"
VERIFY = "verify"  # has a device: must enter a code before anything else
ENROL = "enrol"  # must have a device and has none: must enrol before anything else
DONE = "none"  # nothing owed (no device, not required)
RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def two_factor_required(user) -> bool:
    """System admins and region-scope (bureau) users must sign in with two factors."""
    if user.is_superuser:
        return True
    return any(m.role == Role.ADMIN or m.scope == Scope.REGION for m in user.scope_memberships())


def totp_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_state(user) -> str:
    """What a fresh login of ``user`` owes: VERIFY, ENROL or DONE."""
    if has_two_factor(user):
        return VERIFY
    if settings.TWO_FACTOR_ENFORCED and two_factor_required(user):
        return ENROL
    return DONE


def session_state(request) -> str:
    """The session's second-factor state, worked out once for sessions older than this rule."""
    state = request.session.get(SESSION_KEY)
    if state is None:
        state = request.session[SESSION_KEY] = second_factor_state(request.user)
    return state


def pending_totp_device(user) -> TOTPDevice:
    """The authenticator being enrolled (unconfirmed), created on first need. Its secret stays
    the same until it is confirmed, so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def two_factor_enrol(*, request, token: str) -> list[str] | None:
    """Confirm the pending authenticator of ``request.user`` with a code from the app. On success
    it replaces any earlier authenticator, issues ``RECOVERY_CODE_COUNT`` fresh recovery codes
    (returned, shown once), marks the session verified and records OTP_ENROL. None: wrong code."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
    if device is None or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    request.session[SESSION_KEY] = VERIFY
    audit_record(action=Action.OTP_ENROL, request=request, target_repr=str(user), detail={"device": "totp"})
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, request) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working); recorded as OTP_ENROL."""
    codes = _new_recovery_codes(request.user)
    audit_record(
        action=Action.OTP_ENROL, request=request, target_repr=str(request.user), detail={"device": "recovery codes"}
    )
    return codes


@transaction.atomic
def two_factor_disable(*, request) -> None:
    """Remove the user's authenticator and recovery codes; records OTP_DISABLE. A user who must
    have two factors is sent to enrol again at once."""
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_KEY] = second_factor_state(user)
    audit_record(action=Action.OTP_DISABLE, request=request, target_repr=str(user))


def second_step_verify(*, request, token: str):
    """Check a code for the half-signed-in ``request.user``: six digits go to the authenticator,
    anything else is tried as a recovery code (used up when it matches). On success mark the
    session verified and return the device; None otherwise. Each device throttles its own
    failures (django-otp), the login throttle counts them too (chuangwen.org.auth)."""
    token = token.strip().replace(" ", "").lower()
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=request.user, confirmed=True).first()
        if device is None or not device.verify_token(token):
            return None
    otp_login(request, device)
    return device
