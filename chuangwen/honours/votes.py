"""The secret ballot (民主投票 / 无记名投票).

Casting writes, in one transaction, a ``Participation`` row (session, voter: "has voted") and an
anonymous ``Ballot`` with its ``BallotChoice`` rows; the two halves share no key, no time and no
order (random uuids, no timestamps, no history), so nobody, the administrator included, can join a
ballot to its voter by any page, the API or the tables' columns. A voter votes once: the
database's unique constraint on (session, person) of ``Participation`` refuses the second row,
also when two requests arrive together (the second waits for the first's commit, then fails).

Paper ballots: the office ticks the roster's paper voters (a ``Participation`` with
``paper=True``, so they cannot also vote online) and enters the paper ballots (anonymous, like
the online ones); a session never holds more paper ballots than paper voters. Both are possible
while the vote is open and after it closes, until the selection moves to review.

Results (the tally) exist only once the session is closed (the office closed it or its closing
time passed): before that ``tally`` refuses everyone, and no page or endpoint counts ballots."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.org.models import Person

from .eligibility import nomination_reasons
from .models import Ballot, BallotChoice, Nomination, Participation, Selection, Voter, VoteSession

S = Selection.Status


def is_closed(session: VoteSession, now=None) -> bool:
    return session.status == VoteSession.Status.CLOSED or (now or timezone.now()) >= session.closes_at


def is_open(session: VoteSession, now=None) -> bool:
    now = now or timezone.now()
    return session.status == VoteSession.Status.OPEN and session.opens_at <= now < session.closes_at


def eligible_candidates(selection: Selection, honour_type) -> list[Nomination]:
    """The nominees of ``honour_type`` still eligible (checked again now)."""
    nominations = list(
        Nomination.objects.filter(selection=selection, honour_type=honour_type, status=Nomination.Status.NOMINATED)
        .select_related("honour_type", "person", "department")
        .order_by("id")
    )
    reasons = nomination_reasons(nominations, selection.year)
    return [n for n in nominations if not reasons[n.pk]]


@transaction.atomic
def session_open(
    *, user, selection: Selection, honour_type, title: str, voters, opens_at, closes_at, choices_limit: int = 1,
    quorum_percent: int = 67, candidates=None,
) -> VoteSession:  # fmt: skip
    """Open a vote on the eligible nominees of ``honour_type`` (or the given ones, all eligible)
    for a roster of ``voters`` (people of the unit)."""
    if not can(user, selection, CHANGE):
        raise PermissionDenied
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.status not in (S.NOMINATING, S.VOTING):
        raise ValidationError(_("Votes are opened before the leadership review."))
    if not honour_type.uses_vote or not selection.honour_types.filter(pk=honour_type.pk).exists():
        raise ValidationError({"honour_type": _("This honour is not chosen by a vote in this selection.")})
    eligible = {n.pk: n for n in eligible_candidates(selection, honour_type)}
    if candidates is None:
        chosen = list(eligible.values())
    else:
        chosen = [n for n in candidates]
        wrong = [n.nominee_name for n in chosen if n.pk not in eligible]
        if wrong:
            raise ValidationError({"candidates": _("Not eligible nominees: %(names)s.") % {"names": "、".join(wrong)}})
    if not chosen:
        raise ValidationError({"candidates": _("There is no eligible nominee to vote on.")})
    people = list({p.pk: p for p in voters}.values())
    if not people:
        raise ValidationError({"voters": _("The roster of voters is empty.")})
    if any(p.unit_id != selection.unit_id for p in people):
        raise ValidationError({"voters": _("Not found in this unit.")})
    if not 1 <= choices_limit <= len(chosen):
        raise ValidationError({"choices_limit": _("Choose between 1 and %(n)s names.") % {"n": len(chosen)}})
    if not 1 <= quorum_percent <= 100:
        raise ValidationError({"quorum_percent": _("The quorum is a percentage between 1 and 100.")})
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The vote must close after it opens.")})
    title = (title or "").strip() or f"{selection.year}年度{honour_type.name}民主投票"
    session = VoteSession(
        selection=selection, honour_type=honour_type, title=title[:80], choices_limit=choices_limit,
        quorum_percent=quorum_percent, opens_at=opens_at, closes_at=closes_at, created_by=user,
    )  # fmt: skip
    session._history_user = user
    session.save()
    session.candidates.set(chosen)
    Voter.objects.bulk_create([Voter(session=session, person=p) for p in people])
    if selection.status == S.NOMINATING:
        selection.status = S.VOTING
        selection._history_user = user
        selection.save()
    return session


def _person_of(user):
    return Person.objects.filter(user=user, is_active=True).first() if user.is_authenticated else None


def may_vote(user, session: VoteSession) -> bool:
    person = _person_of(user)
    return person is not None and Voter.objects.filter(session=session, person=person).exists()


def has_voted(user, session: VoteSession) -> bool:
    person = _person_of(user)
    return person is not None and Participation.objects.filter(session=session, person=person).exists()


def _clean_choices(session: VoteSession, choices) -> list[int]:
    ids = list(choices or [])
    if len(set(ids)) != len(ids):
        raise ValidationError({"choices": _("A name is ticked twice.")})
    if len(ids) > session.choices_limit:
        raise ValidationError(
            {"choices": _("Choose at most %(n)s names (%(m)s ticked).") % {"n": session.choices_limit, "m": len(ids)}}
        )
    allowed = set(session.candidates.values_list("pk", flat=True))
    if not set(ids) <= allowed:
        raise ValidationError({"choices": _("Only the candidates of this vote can be chosen.")})
    return ids


def _write_ballot(session: VoteSession, ids: list[int], *, paper: bool) -> None:
    ballot = Ballot.objects.create(session=session, paper=paper)
    BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, nomination_id=i) for i in ids])


def ballot_cast(*, user, session: VoteSession, choices) -> None:
    """Cast the user's secret ballot (at most ``choices_limit`` candidates; none is an
    abstention). Once per voter: a second ballot, even at the same moment, is refused."""
    person = _person_of(user)
    if person is None or not Voter.objects.filter(session=session, person=person).exists():
        raise PermissionDenied(_("You are not on the roster of this vote."))
    if not is_open(session):
        raise ValidationError(_("The vote is not open."))
    ids = _clean_choices(session, choices)
    try:
        with transaction.atomic():
            Participation.objects.create(session=session, person=person)
            _write_ballot(session, ids, paper=False)
    except IntegrityError:
        raise ValidationError(_("You have voted already: each voter votes once.")) from None


def _paper_editable(user, session: VoteSession) -> None:
    if not can(user, session, CHANGE):
        raise PermissionDenied
    if Selection.objects.get(pk=session.selection_id).status not in (S.NOMINATING, S.VOTING):
        raise ValidationError(_("The results are final: paper ballots can no longer be entered."))


@transaction.atomic
def paper_voters_mark(*, user, session: VoteSession, people) -> int:
    """Tick the voters of the roster who voted on paper (they cannot vote online any more).
    Refused whole, naming them, if one is not on the roster or has voted already."""
    _paper_editable(user, session)
    people = list({p.pk: p for p in people}.values())
    roster = set(Voter.objects.filter(session=session, person__in=people).values_list("person_id", flat=True))
    outside = [p.name for p in people if p.pk not in roster]
    if outside:
        raise ValidationError({"people": _("Not on the roster: %(names)s.") % {"names": "、".join(outside)}})
    voted = set(Participation.objects.filter(session=session, person__in=people).values_list("person_id", flat=True))
    if voted:
        names = "、".join(p.name for p in people if p.pk in voted)
        raise ValidationError({"people": _("Voted already: %(names)s.") % {"names": names}})
    try:
        with transaction.atomic():
            Participation.objects.bulk_create([Participation(session=session, person=p, paper=True) for p in people])
    except IntegrityError:
        raise ValidationError({"people": _("One of them has just voted; reload the roster.")}) from None
    return len(people)


@transaction.atomic
def paper_ballots_enter(*, user, session: VoteSession, ballots) -> int:
    """Enter paper ballots (each a list of candidate ids); all or none. Never more paper ballots
    than ticked paper voters."""
    _paper_editable(user, session)
    session = VoteSession.objects.select_for_update().get(pk=session.pk)
    ballots = list(ballots)
    errors = []
    cleaned = []
    for n, choices in enumerate(ballots, start=1):
        try:
            cleaned.append(_clean_choices(session, choices))
        except ValidationError as exc:
            errors.append(_("Ballot %(n)s: %(error)s") % {"n": n, "error": "；".join(exc.messages)})
    if errors:
        raise ValidationError({"ballots": errors})
    paper_voters = Participation.objects.filter(session=session, paper=True).count()
    if session.paper_ballots + len(cleaned) > paper_voters:
        message = _("%(voters)s paper voters are ticked and %(entered)s paper ballots entered: tick the voters first.")
        raise ValidationError({"ballots": message % {"voters": paper_voters, "entered": session.paper_ballots}})
    for ids in cleaned:
        _write_ballot(session, ids, paper=True)
    session.paper_ballots += len(cleaned)
    session.save(update_fields=["paper_ballots"])
    return len(cleaned)


@transaction.atomic
def session_close(*, user, session: VoteSession) -> VoteSession:
    """Close the vote (the office); its results are then shown."""
    if not can(user, session, CHANGE):
        raise PermissionDenied
    locked = VoteSession.objects.select_for_update().get(pk=session.pk)
    if locked.status == VoteSession.Status.CLOSED:
        raise ValidationError(_("This vote is closed already."))
    locked.status, locked.closed_at = VoteSession.Status.CLOSED, timezone.now()
    locked._history_user = user
    locked.save()
    session.status, session.closed_at = locked.status, locked.closed_at  # the caller's copy follows
    return locked


def turnout(session: VoteSession) -> dict:
    """How many may vote and how many have (counts only; shown while the vote runs)."""
    roster = Voter.objects.filter(session=session).count()
    voted = Participation.objects.filter(session=session).aggregate(
        online=Count("pk", filter=Q(paper=False)), paper=Count("pk", filter=Q(paper=True))
    )
    total = voted["online"] + voted["paper"]
    return {
        "roster": roster,
        "voted": total,
        "online": voted["online"],
        "paper_voters": voted["paper"],
        "paper_ballots": session.paper_ballots,
        "percent": round(100 * total / roster, 1) if roster else 0,
        "quorum_met": roster > 0 and total * 100 >= session.quorum_percent * roster,
    }


class ResultsHidden(Exception):
    """The vote is still open: nobody sees its results."""


def tally(session: VoteSession, now=None) -> dict:
    """The results of a closed vote: ballots, turnout and votes per candidate (most first).
    Raises ``ResultsHidden`` while the vote is open, whoever asks."""
    if not is_closed(session, now):
        raise ResultsHidden
    counts = dict(
        BallotChoice.objects.filter(ballot__session=session)
        .values_list("nomination_id")
        .annotate(n=Count("pk"))
        .values_list("nomination_id", "n")
    )
    ballots = Ballot.objects.filter(session=session).count()
    candidates = session.candidates.select_related("person", "department").order_by("id")
    rows = sorted(
        ({"nomination": c, "votes": counts.get(c.pk, 0)} for c in candidates),
        key=lambda r: (-r["votes"], r["nomination"].pk),
    )
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["percent"] = round(100 * row["votes"] / ballots, 1) if ballots else 0
    return {"ballots": ballots, "turnout": turnout(session), "rows": rows}
