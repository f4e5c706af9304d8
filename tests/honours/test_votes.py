"""The secret ballot (acceptance 4): no page, API field or table column joins a ballot to its
voter; each voter votes once, also when two requests arrive together; results are hidden from
everyone, the office and the administrator included, until the vote is closed; paper ballots
never outnumber the paper voters ticked."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from chuangwen.honours import votes
from chuangwen.honours.models import Ballot, BallotChoice, Nomination, Participation, Selection, Voter, VoteSession
from tests import factories as f
from tests.conftest import build_world
from tests.org.test_login_throttling import concurrent_database


def _voter(w, name):
    p = f.person(w.a_med, name=name)
    p.user = f.user()
    f.member(p.user, "staff", unit=w.a)
    p.save()
    return p


@pytest.fixture
def vw(hw):
    """A running vote on three eligible nurses, by a roster of four voters (李娜 = hw.staff among them)."""
    w = hw
    for p in w.nurses[:3]:
        f.nomination(w.sel, person_=p, honour_type_=w.nurse_type)
    w.voters = [w.a_p1] + [_voter(w, n) for n in ("陈静", "林涛", "黄蕾")]
    now = timezone.now()
    w.session = votes.session_open(
        user=w.office, selection=w.sel, honour_type=w.nurse_type, title="最满意护士投票", voters=w.voters,
        opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(hours=2), choices_limit=2, quorum_percent=50,
    )  # fmt: skip
    w.candidates = list(w.session.candidates.order_by("id"))
    return w


def test_casting_writes_a_participation_and_an_anonymous_ballot(vw):
    c = vw.candidates
    votes.ballot_cast(user=vw.staff, session=vw.session, choices=[c[0].pk, c[2].pk])
    assert Participation.objects.filter(session=vw.session, person=vw.a_p1).count() == 1
    ballot = Ballot.objects.get()
    assert sorted(ballot.choices.values_list("nomination_id", flat=True)) == [c[0].pk, c[2].pk]
    assert vw.sel.__class__.objects.get(pk=vw.sel.pk).status == Selection.Status.VOTING


def test_no_column_can_join_a_ballot_to_its_voter():
    """Ballots and participations: random keys, no time, no user, no link to each other, no history."""
    for model in (Ballot, BallotChoice, Participation):
        fields = {f.name: f for f in model._meta.get_fields()}
        assert fields["id"].get_internal_type() == "UUIDField"
        assert not any(
            f.get_internal_type() in ("DateTimeField", "DateField", "TimeField") for f in fields.values() if f.concrete
        )
        assert not hasattr(model, "history")
    ballot_relations = {f.related_model for f in Ballot._meta.get_fields() if f.is_relation}
    assert ballot_relations == {VoteSession, BallotChoice}
    assert {f.related_model for f in BallotChoice._meta.get_fields() if f.is_relation} == {Ballot, Nomination}
    participation_relations = {f.related_model._meta.label for f in Participation._meta.get_fields() if f.is_relation}
    assert participation_relations == {"honours.VoteSession", "org.Person"}
    assert not Ballot._meta.ordering and not Participation._meta.ordering


def test_no_api_shape_or_route_exposes_a_ballot():
    from chuangwen.api.api import api

    schema = api.get_openapi_schema()
    honours = {p: ops for p, ops in schema["paths"].items() if p.startswith("/api/honours/")}
    assert honours and not any("ballots/" in p or p.endswith("/ballots") for p in honours)
    text = str({k: v for k, v in schema["components"]["schemas"].items() if k.startswith("Honour")})
    for leak in ("ballot_id", "voter_id", "participation", "voted_at"):
        assert leak not in text
    # the ballot endpoint answers only that it was recorded
    assert set(schema["components"]["schemas"]["HonourBallotOut"]["properties"]) == {"recorded"}
    # results are counts per candidate, never per voter
    row = schema["components"]["schemas"]["HonourResultRowOut"]["properties"]
    assert set(row) == {"rank", "nomination_id", "nominee", "votes", "percent"}


def test_a_voter_votes_once(vw, call):
    votes.ballot_cast(user=vw.staff, session=vw.session, choices=[vw.candidates[0].pk])
    with pytest.raises(ValidationError, match="once|一次|already|已"):
        votes.ballot_cast(user=vw.staff, session=vw.session, choices=[vw.candidates[1].pk])
    response = call(vw.staff, "post", f"/api/honours/votes/{vw.session.pk}/ballot", {"choices": [vw.candidates[1].pk]})
    assert response.status_code == 422
    assert Ballot.objects.count() == 1 and Participation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_ballots_of_one_voter_count_once(tmp_path):
    w = build_world()
    w.a_p1.title = "护师"
    w.a_p1.save()
    t = f.honour_type(w.a, code="nurse", rules=[])
    sel = f.selection(w.a, types=[t])
    n = f.nomination(sel, person_=w.a_p1, honour_type_=t)
    session = f.vote_session(n, voters=[w.a_p1], choices_limit=1)
    requests = 2
    barrier = threading.Barrier(requests)
    errors, done = [], []

    def cast():
        try:
            barrier.wait()
            votes.ballot_cast(user=w.staff, session=session, choices=[n.pk])
            done.append(1)
        except ValidationError as exc:
            errors.append(exc)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    with concurrent_database(tmp_path) as query:
        threads = [threading.Thread(target=cast) for _ in range(requests)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        ballots = query("SELECT COUNT(*) FROM honours_ballot")
        participations = query("SELECT COUNT(*) FROM honours_participation")
    assert len(done) == 1 and len(errors) == 1 and isinstance(errors[0], ValidationError), errors
    assert ballots == participations == 1


def test_the_limit_of_choices_and_the_candidates(vw):
    c = vw.candidates
    with pytest.raises(ValidationError, match="2"):
        votes.ballot_cast(user=vw.staff, session=vw.session, choices=[x.pk for x in c])
    with pytest.raises(ValidationError):
        votes.ballot_cast(user=vw.staff, session=vw.session, choices=[c[0].pk, c[0].pk])
    other = f.nomination(vw.sel, person_=vw.nurses[3], honour_type_=vw.nurse_type)  # nominated after the opening
    with pytest.raises(ValidationError):
        votes.ballot_cast(user=vw.staff, session=vw.session, choices=[other.pk])
    assert not Ballot.objects.exists() and not Participation.objects.exists()
    votes.ballot_cast(user=vw.staff, session=vw.session, choices=[])  # an abstention counts as a vote
    assert Participation.objects.count() == 1


def test_only_the_roster_votes_and_only_while_open(vw):
    with pytest.raises(PermissionDenied):
        votes.ballot_cast(user=vw.office, session=vw.session, choices=[])
    vw.session.closes_at = timezone.now() - timedelta(seconds=1)
    vw.session.save()
    with pytest.raises(ValidationError):
        votes.ballot_cast(user=vw.staff, session=vw.session, choices=[])


def test_results_are_hidden_until_closed_from_everyone(vw, call, login, admin_user):
    votes.ballot_cast(user=vw.staff, session=vw.session, choices=[vw.candidates[1].pk])
    with pytest.raises(votes.ResultsHidden):
        votes.tally(vw.session)
    for user in (vw.office, vw.admin, vw.staff, admin_user):
        response = call(user, "get", f"/api/honours/votes/{vw.session.pk}/results")
        assert response.status_code in (404, 409), user
        page = login(user).get(f"/honours/votes/{vw.session.pk}/")
        assert page.status_code == 200
        assert 'data-testid="results"' not in page.content.decode() and page.context["results"] is None
    detail = call(vw.office, "get", f"/api/honours/votes/{vw.session.pk}").json()
    assert detail["turnout"]["voted"] == 1 and "rows" not in detail and "votes" not in str(detail["candidates"])
    votes.session_close(user=vw.office, session=vw.session)
    body = call(vw.office, "get", f"/api/honours/votes/{vw.session.pk}/results").json()
    assert body["ballots"] == 1 and body["rows"][0] == {
        "rank": 1, "nomination_id": vw.candidates[1].pk, "nominee": vw.candidates[1].nominee_name, "votes": 1,
        "percent": 100.0,
    }  # fmt: skip
    assert 'data-testid="results"' in login(vw.staff).get(f"/honours/votes/{vw.session.pk}/").content.decode()


def test_results_show_when_the_closing_time_passed(vw):
    votes.ballot_cast(user=vw.staff, session=vw.session, choices=[vw.candidates[0].pk])
    later = vw.session.closes_at + timedelta(seconds=1)
    assert votes.tally(vw.session, now=later)["rows"][0]["votes"] == 1


def test_paper_ballots_never_outnumber_the_paper_voters(vw):
    c = vw.candidates
    paper = vw.voters[1:3]
    with pytest.raises(ValidationError, match="paper|纸质"):
        votes.paper_ballots_enter(user=vw.office, session=vw.session, ballots=[[c[0].pk]])
    assert votes.paper_voters_mark(user=vw.office, session=vw.session, people=paper) == 2
    with pytest.raises(ValidationError):  # a paper voter cannot vote online too
        votes.ballot_cast(user=paper[0].user, session=vw.session, choices=[c[0].pk])
    with pytest.raises(ValidationError):  # ticked already
        votes.paper_voters_mark(user=vw.office, session=vw.session, people=[paper[0]])
    with pytest.raises(ValidationError):  # three ballots for two paper voters: none entered
        votes.paper_ballots_enter(user=vw.office, session=vw.session, ballots=[[c[0].pk]] * 3)
    with pytest.raises(ValidationError, match="Ballot 2|第 2"):
        votes.paper_ballots_enter(user=vw.office, session=vw.session, ballots=[[c[0].pk], [x.pk for x in c]])
    assert votes.paper_ballots_enter(user=vw.office, session=vw.session, ballots=[[c[0].pk], [c[0].pk, c[1].pk]]) == 2
    votes.ballot_cast(user=vw.staff, session=vw.session, choices=[c[2].pk])
    result = votes.tally(votes.session_close(user=vw.office, session=vw.session))
    assert result["ballots"] == 3 == result["turnout"]["voted"]
    assert [(r["nomination"].pk, r["votes"]) for r in result["rows"]] == [(c[0].pk, 2), (c[1].pk, 1), (c[2].pk, 1)]
    assert result["turnout"]["quorum_met"]  # 3 of 4 with a quorum of 50%
    assert sum(r["votes"] for r in result["rows"]) == BallotChoice.objects.count()


def test_paper_entry_ends_with_the_review(vw):
    votes.session_close(user=vw.office, session=vw.session)
    from chuangwen.honours import services

    services.selection_start_review(user=vw.office, selection=vw.sel)
    vw.session.refresh_from_db()
    with pytest.raises(ValidationError):
        votes.paper_voters_mark(user=vw.office, session=vw.session, people=[vw.voters[1]])


def test_only_eligible_nominees_become_candidates(hw, marks):
    a = f.nomination(hw.sel, person_=hw.nurses[1], honour_type_=hw.nurse_type)
    b = f.nomination(hw.sel, person_=hw.nurses[2], honour_type_=hw.nurse_type)
    marks({hw.nurses[2].pk: "一票否决：收受红包"})
    now = timezone.now()
    session = votes.session_open(
        user=hw.office, selection=hw.sel, honour_type=hw.nurse_type, title="", voters=[hw.a_p1],
        opens_at=now, closes_at=now + timedelta(hours=1),
    )  # fmt: skip
    assert list(session.candidates.all()) == [a]
    with pytest.raises(ValidationError, match="郑丽|吴芳"):
        votes.session_open(
            user=hw.office, selection=hw.sel, honour_type=hw.nurse_type, title="", voters=[hw.a_p1],
            opens_at=now, closes_at=now + timedelta(hours=1), candidates=[a, b],
        )  # fmt: skip
    assert Voter.objects.filter(session=session).count() == 1


def test_the_office_of_another_hospital_cannot_open_or_close(vw):
    other = f.user()
    f.member(other, "office", unit=vw.b)
    with pytest.raises(PermissionDenied):
        votes.session_close(user=other, session=vw.session)
    with pytest.raises(PermissionDenied):
        votes.paper_voters_mark(user=vw.staff, session=vw.session, people=[])


def test_the_ballot_page_on_a_phone_posts_once(vw, login):
    client = login(vw.staff)
    page = client.get(f"/honours/votes/{vw.session.pk}/")
    assert 'data-testid="ballot"' in page.content.decode()
    client.post(f"/honours/votes/{vw.session.pk}/cast/", {"choices": [vw.candidates[0].pk]})
    again = client.post(f"/honours/votes/{vw.session.pk}/cast/", {"choices": [vw.candidates[1].pk]}, follow=True)
    assert 'data-testid="voted"' in again.content.decode()
    assert Ballot.objects.count() == 1
