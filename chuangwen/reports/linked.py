"""Linked records in the ledger (活动记录、会议记录 …): other apps put their records of an item into
its folder through one registry, so this app imports none of them.

A provider is a callable ``provider(campaign, item)`` yielding ``(filename, content)`` pairs,
``content`` being ``bytes`` or the path of a file on disk (a PDF of an activity with its
participants and photos, a meeting's minutes). Register it once, in the providing app's
``AppConfig.ready``::

    from chuangwen.reports import linked
    linked.register(activity_pdfs)

The ledger job asks every provider for every item it writes; the files land in the item's
folder under "关联记录/" with names made safe and unique like the evidence's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

Content = bytes | str | Path
Provider = Callable[..., Iterable[tuple[str, Content]]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add ``provider`` (once; usable as a decorator)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def providers() -> list[Provider]:
    return list(_providers)


def records_for(campaign, item) -> list[tuple[str, Content]]:
    """Every registered provider's files of ``item`` in ``campaign``, in registration order."""
    out: list[tuple[str, Content]] = []
    for provider in _providers:
        out.extend(provider(campaign, item) or ())
    return out
