"""Linked records in the ledger (活动记录、会议记录 …): other apps put their records of an item into
its folder through one registry, so this app imports none of them.

A provider is a callable ``provider(campaign, item)`` yielding ``(filename, content)`` pairs,
``content`` being ``bytes`` or the path of a file on disk (a PDF of an activity with its
participants and photos, a meeting's minutes). Register it once, in the providing app's
``AppConfig.ready``::

    from chuangwen.reports import linked
    linked.register(activity_pdfs)

The ledger job asks every provider for every item it writes; the files land in the item's
folder under "关联记录/" with names made safe and unique like the evidence's.

A record made as a Word document is given as ``AsPdf(key, build)`` instead of bytes: the job
converts every such record of the ledger in batches (``pdf.docx_files_to_pdf``, one LibreOffice
start for many) and keeps each PDF in storage under its ``key`` (``pdf_cache``), so the next
build converts only records whose content changed. ``key`` is a hash of everything the document
shows (``content_key``); ``build()`` returns the .docx bytes and is called only when the key has
no PDF yet.

A provider may also give ``fingerprint(campaign)``: a value that changes whenever its records of
the campaign change, so a ledger asked again after an edit is built again
(``reports.selectors.fingerprint``)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AsPdf:
    """A record the ledger puts in as PDF: ``build()`` gives its .docx, ``key`` names its content."""

    key: str
    build: Callable[[], bytes]


Content = bytes | str | Path | AsPdf
Provider = Callable[..., Iterable[tuple[str, Content]]]

_providers: list[Provider] = []
_fingerprints: dict[Provider, Callable] = {}


def content_key(*parts) -> str:
    """A stable hash of JSON-able ``parts`` (dates and decimals as text)."""
    raw = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def register(provider: Provider, *, fingerprint: Callable | None = None) -> Provider:
    """Add ``provider`` (once; usable as a decorator), with its ``fingerprint(campaign)`` if any."""
    if provider not in _providers:
        _providers.append(provider)
    if fingerprint is not None:
        _fingerprints[provider] = fingerprint
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)
    _fingerprints.pop(provider, None)


def fingerprint(campaign) -> list:
    """Every registered provider's fingerprint of ``campaign``, in registration order."""
    return [_fingerprints[p](campaign) for p in _providers if p in _fingerprints]


def providers() -> list[Provider]:
    return list(_providers)


def records_for(campaign, item) -> list[tuple[str, Content]]:
    """Every registered provider's files of ``item`` in ``campaign``, in registration order."""
    out: list[tuple[str, Content]] = []
    for provider in _providers:
        out.extend(provider(campaign, item) or ())
    return out
