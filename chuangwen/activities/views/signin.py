"""Sign-in on a phone: the organiser's screen with the rotating QR code (refreshed by polling
``signin_state``, JS in a static file) and the page a staff member's phone opens from it."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from chuangwen.core.roles import CHANGE

from .. import selectors, services
from ..models import Activity
from ..signin import SignInRefused, activity_id_of, token_for, window_of
from .common import activity_or_404


def _state(request, activity) -> dict:
    url = request.build_absolute_uri(reverse("activities:signin_page", args=[token_for(activity.pk)]))
    p = selectors.participation(
        selectors.with_counts(Activity.objects.filter(pk=activity.pk)).select_related("kind").get()
    )
    return {
        "url": url,
        "qr": segno.make(url, error="m").svg_data_uri(scale=6, border=2),
        "attended": p.attended + p.walk_ins,
        "expected": p.expected,
        "late": p.late,
        "rate": p.rate,
        "refresh_seconds": max(5, settings.SIGNIN_STEP_SECONDS // 3),
    }


@login_required
@never_cache
def signin_screen(request, pk):
    """The screen at the door: the code (it changes every 30 s) and how many signed in."""
    activity = activity_or_404(request, pk, CHANGE)
    return render(
        request,
        "activities/signin_screen.html",
        {"activity": activity, "state": _state(request, activity), "window": window_of(activity)},
    )


@login_required
@never_cache
def signin_state(request, pk):
    activity = activity_or_404(request, pk, CHANGE)
    return JsonResponse(_state(request, activity))


@login_required
@never_cache
def signin_page(request, token):
    """What the phone opens: the activity and a sign-in button; every refusal in words."""
    refused, done, activity, activity_id = None, None, None, None
    try:
        activity_id = activity_id_of(token)
        if request.method == "POST":
            done = services.sign_in(token=token, user=request.user)
            activity = done.activity
        else:
            activity = Activity.objects.filter(pk=activity_id).select_related("kind").first()
    except SignInRefused as exc:
        refused = exc
        activity_id = activity_id or exc.activity_id
        if activity_id is not None:
            activity = Activity.objects.filter(pk=activity_id).select_related("kind").first()
    return render(
        request,
        "activities/signin_page.html",
        {
            "activity": activity,
            "refused": refused,
            "done": done,
            "token": token,
        },
        status=200,
    )
