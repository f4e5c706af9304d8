"""Vote pages: opening a vote, the ballot (a phone page for each voter on the roster), the
office's controls (turnout, closing, paper voters and paper ballots) and the results, shown only
once the vote is closed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.lookups import resolve
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can

from .. import selectors, votes
from ..forms import PaperBallotForm, PaperVotersForm, VoteOpenForm
from ..models import Selection, VoteSession
from .selections import form_errors


@login_required
def vote_open(request, pk: int):
    selection = resolve(Selection.objects.prefetch_related("honour_types"), pk, user=request.user)
    if not can(request.user, selection, CHANGE):
        raise PermissionDenied
    form = VoteOpenForm(request.POST or None, selection=selection, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            session = votes.session_open(
                user=request.user, selection=selection, honour_type=d["honour_type"], title=d["title"],
                voters=form.roster(), opens_at=d["opens_at"], closes_at=d["closes_at"],
                choices_limit=d["choices_limit"], quorum_percent=d["quorum_percent"],
            )  # fmt: skip
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The vote is open."))
            return redirect("honours:vote_detail", session.pk)
    return render(request, "honours/vote_form.html", {"form": form, "selection": selection})


@login_required
def vote_list(request):
    return render(request, "honours/vote_list.html", {"sessions": list(selectors.my_votes(request.user)[:50])})


def _session(request, pk: int) -> VoteSession:
    return resolve(VoteSession.objects.select_related("selection__unit", "honour_type"), pk, user=request.user)


@login_required
def vote_detail(request, pk: int):
    session = _session(request, pk)
    office = can(request.user, session, CHANGE)
    closed = votes.is_closed(session)
    may_vote = votes.may_vote(request.user, session)
    has_voted = votes.has_voted(request.user, session) if may_vote else False
    ctx = {
        "session": session,
        "office": office,
        "closed": closed,
        "open": votes.is_open(session),
        "may_vote": may_vote,
        "has_voted": has_voted,
        "candidates": list(session.candidates.select_related("person", "department").order_by("id")),
        "turnout": votes.turnout(session),
        "results": votes.tally(session) if closed else None,
        "paper_editable": office and session.selection.status in (Selection.Status.NOMINATING, Selection.Status.VOTING),
    }
    return render(request, "honours/vote_detail.html", ctx)


@login_required
@require_POST
def vote_cast(request, pk: int):
    session = _session(request, pk)
    try:
        votes.ballot_cast(user=request.user, session=session, choices=_ids(request.POST.getlist("choices")))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("Your ballot is recorded. It is secret: nobody can see whom you chose."))
    return redirect("honours:vote_detail", session.pk)


def _ids(values) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise ValidationError({"choices": _("Only the candidates of this vote can be chosen.")}) from None


@login_required
@require_POST
def vote_close(request, pk: int):
    session = _session(request, pk)
    try:
        votes.session_close(user=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The vote is closed; its results are shown."))
    return redirect("honours:vote_detail", session.pk)


@login_required
def vote_paper(request, pk: int):
    """The office's paper ballots: tick who voted on paper, then enter the ballots."""
    session = _session(request, pk)
    if not can(request.user, session, CHANGE):
        raise PermissionDenied
    voters_form = PaperVotersForm(session=session, user=request.user)
    ballot_form = PaperBallotForm(session=session)
    if request.method == "POST":
        try:
            if request.POST.get("part") == "voters":
                voters_form = PaperVotersForm(request.POST, session=session, user=request.user)
                if voters_form.is_valid():
                    n = votes.paper_voters_mark(
                        user=request.user, session=session, people=voters_form.cleaned_data["people"]
                    )
                    messages.success(request, _("%(n)s paper voters ticked.") % {"n": n})
                    return redirect("honours:vote_paper", session.pk)
            else:
                ballot_form = PaperBallotForm(request.POST, session=session)
                if ballot_form.is_valid():
                    ids = _ids(ballot_form.cleaned_data["choices"])
                    n = votes.paper_ballots_enter(
                        user=request.user, session=session, ballots=[ids] * ballot_form.cleaned_data["copies"]
                    )
                    messages.success(request, _("%(n)s paper ballots entered.") % {"n": n})
                    return redirect("honours:vote_paper", session.pk)
        except ValidationError as exc:
            form_errors(voters_form if request.POST.get("part") == "voters" else ballot_form, exc)
    ctx = {
        "session": session,
        "voters_form": voters_form,
        "ballot_form": ballot_form,
        "turnout": votes.turnout(session),
    }
    return render(request, "honours/vote_paper.html", ctx)
