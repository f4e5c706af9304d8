"""System checks of a production installation (``CHUANGWEN_PRODUCTION=1``), for what settings.py
cannot refuse by itself: a settings module derived from it (``from chuangwen.settings import *``)
that puts back a per-process cache or drops the site's address. And, everywhere, a warning while
a year's holidays are missing from the working-day calendar."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError

# Caches that live in one process: each app server would count its own rate limits and lockouts.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register()
def production_settings(app_configs, **kwargs):
    if not settings.CHUANGWEN_PRODUCTION:
        return []
    errors = []
    for alias, conf in settings.CACHES.items():
        if conf["BACKEND"] in PER_PROCESS_CACHES:
            errors.append(
                Error(
                    f"The {alias!r} cache ({conf['BACKEND']}) lives in one process: rate limits and lockouts "
                    "would not hold across app servers.",
                    hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) and keep settings.py's CACHES.",
                    id="chuangwen.E001",
                )
            )
    if not settings.CHUANGWEN_BASE_URL:
        errors.append(
            Error(
                "CHUANGWEN_BASE_URL is empty: links in e-mails would be relative.",
                hint="Set CHUANGWEN_BASE_URL to the address users reach the site at, e.g. https://cw.example-hospital.cn",
                id="chuangwen.E002",
            )
        )
    return errors


@register()
def holiday_calendar(app_configs, **kwargs):
    """chuangwen.W001: a year whose holidays should be entered by now (this one, and the next from
    1 November) is not: its deadlines count weekends only."""
    from . import workdays

    try:
        missing = workdays.years_missing(today=workdays.local_today())
    except DatabaseError:  # not migrated yet (``migrate`` runs the checks first) or not reachable
        return []
    return [
        Warning(
            f"No public holidays or adjusted working days (调休) are entered for {year}: "
            "its deadlines count weekends only.",
            hint=f"Enter the State Council's notice for {year} in the admin (节假日年度安排 › 导入文件) "
            "or with `manage.py holidays import FILE`.",
            id="chuangwen.W001",
        )
        for year in missing
    ]
