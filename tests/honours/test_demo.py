"""The honours demo step: a finished 最满意医生/最满意护士 selection (an ineligible nominee, a
closed vote with results, 公示 with an answered objection, the published list in the ledger) and a
running 优秀共产党员 vote."""

import io
import random

import docx

from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.honours import certificates, demo, selectors, votes
from chuangwen.honours.models import Ballot, Nomination, Objection, Selection, VoteSession
from chuangwen.org import demo as org_demo
from chuangwen.scoring.models import LedgerEntry, Source


def test_demo_step(db):
    ctx = DemoContext(rng=random.Random(2026))
    org_demo.load(ctx)
    demo.load(ctx)
    finished, running = Selection.objects.order_by("id")
    assert finished.status == Selection.Status.PUBLISHED and running.status == Selection.Status.VOTING
    rows = selectors.nominations_with_reasons(ctx.users["chuangban"], finished)
    assert any(n.reasons for n in rows)  # the nurse named in a substantiated complaint
    closed = VoteSession.objects.filter(selection=finished)
    assert closed.count() == 2 and all(votes.is_closed(s) for s in closed)
    for s in closed:
        result = votes.tally(s)
        assert result["ballots"] == result["turnout"]["voted"] > 0 and result["turnout"]["quorum_met"]
    awarded = Nomination.objects.filter(selection=finished, status=Nomination.Status.AWARDED)
    assert awarded.count() >= 2
    assert LedgerEntry.objects.filter(source=Source.HONOUR).count() >= awarded.count()
    assert Objection.objects.filter(answered_at__isnull=False).exists()
    # The hospital's own certificate template: its name above 荣 誉 证 书.
    first = awarded.select_related("selection__unit", "honour_type", "person").first()
    lines = [p.text for p in docx.Document(io.BytesIO(certificates.certificate_docx(first))).paragraphs if p.text]
    assert lines[:2] == [finished.unit.name, "荣 誉 证 书"] and "特发此证，以资鼓励。望再接再厉，再创佳绩！" in lines
    session = VoteSession.objects.get(selection=running)
    assert votes.is_open(session) and Ballot.objects.filter(session=session).exists()
