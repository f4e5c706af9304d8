"""Pages of the screens app: the links page (office, bureau) and the big screen itself, opened
by its kiosk link without a login, with its JSON data endpoint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from chuangwen.core.roles import CHANGE

from . import data, selectors, services
from .forms import KioskLinkForm
from .models import KioskLink


@login_required
def links(request):
    """GET lists the links the user may see; POST ``action=create`` makes one and shows its
    address once, POST ``action=revoke`` with ``link`` revokes one the user keeps."""
    form = KioskLinkForm(user=request.user)
    if not form.offers_anything and not selectors.visible_links(request.user).exists():
        raise PermissionDenied
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            link = get_object_or_404(selectors.visible_links(request.user, CHANGE), pk=_int(request.POST.get("link")))
            services.link_revoke(link=link, by=request.user)
            messages.success(request, _("Big-screen link %(label)s revoked.") % {"label": link.label})
            return redirect("screens:links")
        form = KioskLinkForm(request.POST, user=request.user)
        if form.is_valid():
            # Rendered, not redirected: the token exists only in this response.
            link, token = services.link_create(
                user=request.user,
                label=form.cleaned_data["label"],
                expires_at=form.expires_at(),
                refresh_seconds=form.cleaned_data["refresh_seconds"],
                **form.target_kwargs(),
            )
            new_url = request.build_absolute_uri(reverse("screens:kiosk", args=[token]))
            form = KioskLinkForm(user=request.user)
    rows = list(selectors.visible_links(request.user)[:200])
    kept = KioskLink.objects.visible_to(request.user, CHANGE).filter(pk__in=[r.pk for r in rows])
    keeps = set(kept.values_list("pk", flat=True))
    for r in rows:
        r.may_revoke = r.pk in keeps
    return render(request, "screens/links.html", {"form": form, "links": rows, "new_url": new_url})


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _stopped(link: KioskLink | None) -> tuple[int, str]:
    """Why a link shows nothing (status, message), or (200, "") when it works."""
    if link is None:
        return 404, _("This big-screen link does not exist. Ask the campaign office for a new link.")
    if link.revoked_at is not None:
        return 410, _("This big-screen link was stopped on %(date)s. Ask the campaign office for a new link.") % {
            "date": timezone.localtime(link.revoked_at).strftime("%Y-%m-%d")
        }
    if link.is_expired:
        return 410, _("This big-screen link expired on %(date)s. Ask the campaign office for a new link.") % {
            "date": timezone.localtime(link.expires_at).strftime("%Y-%m-%d")
        }
    return 200, ""


@never_cache
def kiosk(request, token: str):
    """The 1920×1080 screen; no login (the wall PC), the token is the key."""
    link = selectors.link_by_token(token)
    status, message = _stopped(link)
    if status != 200:
        return render(request, "screens/stopped.html", {"message": message}, status=status)
    ctx = {
        "link": link,
        "payload": data.payload(link),
        "data_url": reverse("screens:kiosk_data", args=[token]),
        "labels": _labels(),
    }
    return render(request, "screens/screen.html", ctx)


def _labels() -> dict:
    """The words the screen's script draws (the page's language)."""
    return {
        "items_met": _("Items met"),
        "pass_line": _("Pass line"),
        "projected": _("Projected"),
        "campaign": _("Target"),
        "no_campaign": _("No campaign in progress"),
        "vetoed": _("Title veto running"),
        "findings": _("Findings"),
        "complaints": _("Number of complaints"),
        "open_now": _("No new findings or complaints today; open now by state"),
        "index": _("Satisfaction index"),
        "no_closures": _("No findings closed out yet."),
        "weekdays": [_("Sunday"), _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday")],
    }


@never_cache
def kiosk_data(request, token: str):
    """The screen's figures as JSON, refreshed by the page every ``refresh_seconds``; a stopped
    link answers 404 / 410 with the message the screen shows full-screen."""
    link = selectors.link_by_token(token)
    status, message = _stopped(link)
    if status != 200:
        return JsonResponse({"stopped": True, "message": message}, status=status)
    later: list = []
    response = JsonResponse(data.payload(link, defer=later), json_dumps_params={"ensure_ascii": False})
    # Stale figures are recomputed once the response is sent (Django calls the closers then).
    response._resource_closers.extend(later)
    return response
