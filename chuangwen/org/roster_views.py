"""Roster import and export pages (filled in by the roster work)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def roster_import(request):
    return HttpResponse(status=501)


@login_required
def roster_export(request):
    return HttpResponse(status=501)
