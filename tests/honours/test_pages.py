"""The honours pages: what each role sees and may do, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chuangwen.honours import votes
from chuangwen.honours.models import Nomination, Selection, VoteSession
from tests import factories as f


def _count_queries(client, path, django_assert_num_queries):
    """The queries of a page (after a first call, so caches are warm)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_main_pages_keep_their_query_counts(hw, login, django_assert_num_queries):
    client = login(hw.office)
    counts = {}
    for n in (1, 4):
        for i in range(n):
            p = f.person(hw.a_med, name=f"护士{n}{i}", title="护师", political_status="cpc")
            f.nomination(hw.sel, person_=p, honour_type_=hw.nurse_type)
            f.nomination(hw.sel, person_=p, honour_type_=hw.party_type)
            f.selection(hw.a, types=[hw.nurse_type])
        session = f.vote_session(Nomination.objects.first(), voters=[hw.a_p1])
        paths = ("/honours/", f"/honours/selections/{hw.sel.pk}/", f"/honours/votes/{session.pk}/", "/honours/types/")
        counts[n] = [_count_queries(client, p, django_assert_num_queries) for p in paths]
    assert counts[1] == counts[4], counts
    for path, queries in zip(paths, counts[4], strict=True):
        with django_assert_num_queries(queries):
            assert client.get(path).status_code == 200


def test_the_office_runs_a_selection_from_the_pages(hw, login):
    client = login(hw.office)
    response = client.post(
        "/honours/selections/new/", {"year": 2026, "title": "2026年度评先评优", "honour_types": [hw.nurse_type.pk]}
    )
    sel = Selection.objects.exclude(pk=hw.sel.pk).get()
    assert response.url == f"/honours/selections/{sel.pk}/"
    client.post(
        f"/honours/selections/{sel.pk}/nominate/",
        {"honour_type": hw.nurse_type.pk, "person": hw.nurses[1].pk, "channel": "department", "reason": "细致耐心"},
    )
    n = Nomination.objects.get(selection=sel)
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        f"/honours/selections/{sel.pk}/vote/",
        {"honour_type": hw.nurse_type.pk, "choices_limit": 1, "quorum_percent": 50,
         "opens_at": (now - timedelta(minutes=1)).strftime(fmt), "closes_at": (now + timedelta(hours=1)).strftime(fmt),
         "departments": [hw.a_med.pk]},
    )  # fmt: skip
    session = VoteSession.objects.get(selection=sel)
    assert response.url == f"/honours/votes/{session.pk}/"
    assert session.voters.count() == hw.a_med.people.count()
    login(hw.staff).post(f"/honours/votes/{session.pk}/cast/", {"choices": [n.pk]})
    client = login(hw.office)
    client.post(f"/honours/votes/{session.pk}/paper/", {"part": "voters", "people": [hw.nurses[2].pk]})
    client.post(f"/honours/votes/{session.pk}/paper/", {"part": "ballots", "choices": [n.pk], "copies": 1})
    client.post(f"/honours/votes/{session.pk}/close/")
    page = client.get(f"/honours/votes/{session.pk}/").content.decode()
    assert 'data-testid="results"' in page
    assert votes.tally(VoteSession.objects.get(pk=session.pk))["rows"][0]["votes"] == 2
    client.post(f"/honours/selections/{sel.pk}/advance/", {"step": "review"})
    client.post(f"/honours/nominations/{n.pk}/review/", {"approve": "on"})
    client.post(f"/honours/selections/{sel.pk}/advance/", {"step": "publicity"})
    sel.refresh_from_db()
    assert sel.status == Selection.Status.PUBLICITY
    notice = login(hw.a_p2.user or hw.staff).get(f"/honours/selections/{sel.pk}/publicity/").content.decode()
    assert hw.nurses[1].name in notice


@pytest.mark.parametrize("who", ["staff", "head", "secretary", "supervisor"])
def test_office_pages_refuse_other_roles(hw, login, who):
    client = login(getattr(hw, who))
    assert client.get(f"/honours/selections/{hw.sel.pk}/vote/").status_code in (403, 404)
    assert client.get("/honours/selections/new/").status_code in (403, 404)
    n = f.nomination(hw.sel, person_=hw.nurses[1], honour_type_=hw.nurse_type)
    session = f.vote_session(n)
    assert client.get(f"/honours/votes/{session.pk}/paper/").status_code in (403, 404)


def test_staff_see_their_own_nominations_only(hw, login):
    mine = f.nomination(hw.sel, person_=hw.a_p1, honour_type_=hw.nurse_type)
    other = f.nomination(hw.sel, person_=hw.nurses[1], honour_type_=hw.nurse_type)
    page = login(hw.staff).get(f"/honours/selections/{hw.sel.pk}/").content.decode()
    assert f'nomination-{mine.pk}"' in page and f'nomination-{other.pk}"' not in page
