"""Drafts of the indicator reports (说明报告) from the data: per indicator, what was done (the
accepted evidence: how many, over which dates, the first titles), how many of its items are met,
the score from the item scores, and the findings on its items closed out. At most
``REPORT_MAX_CHARS`` characters: the titles are the part left out when the rest is long."""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q

from chuangwen.campaigns.models import Campaign
from chuangwen.dashboard import progress
from chuangwen.evidence.models import Evidence
from chuangwen.inspections.models import Finding

from .models import REPORT_MAX_CHARS

TITLES = 5


def _d(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _n(value) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def drafts_for(campaign: Campaign) -> dict[int, str]:
    """Indicator id → the draft of its report, for every indicator of the campaign's standard."""
    accepted = Evidence.objects.filter(
        campaign_id=campaign.pk, status=Evidence.Status.ACCEPTED, archived_at__isnull=True, item__isnull=False
    )
    ev = {
        r["item__indicator_id"]: r
        for r in accepted.values("item__indicator_id").annotate(
            n=Count("pk"), first=Min("occurred_on"), last=Max("occurred_on")
        )
    }
    titles: dict[int, list[str]] = {}
    for ind_id, title in accepted.order_by("occurred_on", "pk").values_list("item__indicator_id", "title"):
        got = titles.setdefault(ind_id, [])
        if len(got) < TITLES and title not in got:
            got.append(title)
    findings = {
        r["item__indicator_id"]: r
        for r in Finding.objects.filter(
            unit_id=campaign.unit_id, item__standard_id=campaign.standard_id, archived_at__isnull=True
        )
        .filter(found_at__date__gte=campaign.starts_on, found_at__date__lte=campaign.ends_on)
        .values("item__indicator_id")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(state=Finding.State.CLOSED)))
    }
    out = {}
    for aspect in progress.item_tree(campaign):
        for ind in aspect.indicators:
            out[ind.id] = _draft(ind, ev.get(ind.id), titles.get(ind.id, []), findings.get(ind.id))
    return out


def _draft(ind, ev, titles: list[str], findings) -> str:
    s = ind.score
    head = (
        f"本指标共{s.items}个测评项目，已达标{s.met}项、部分达标{s.partial}项、未达标{s.unmet}项，"
        f"自评得分{_n(s.score)}分（满分{_n(s.points)}分，得分率{s.percent}%）。"
    )
    if ev:
        span = _d(ev["first"]) if ev["first"] == ev["last"] else f"{_d(ev['first'])}至{_d(ev['last'])}"
        done = f"{span}共形成经审核通过的台账材料{ev['n']}份"
    else:
        done = "尚无经审核通过的台账材料"
    tail = ""
    if findings and findings["n"]:
        rate = round(100 * findings["closed"] / findings["n"], 1)
        tail = f"督查发现问题{findings['n']}个，已整改销号{findings['closed']}个，整改率{rate}%。"
    for k in range(len(titles), -1, -1):
        shown = "、".join(f"《{t}》" for t in titles[:k])
        body = f"{done}，主要有{shown}等。" if shown else f"{done}。"
        text = head + body + tail
        if len(text) <= REPORT_MAX_CHARS:
            return text
    return (head + tail)[:REPORT_MAX_CHARS]
