"""Reads of 评先评优 shared by the pages and the API."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from chuangwen.org.models import Person

from .eligibility import nomination_reasons
from .models import BallotChoice, Nomination, Selection, Voter, VoteSession

ACTIVE = (Nomination.Status.NOMINATED, Nomination.Status.APPROVED, Nomination.Status.AWARDED)


def nominations_with_reasons(user, selection: Selection) -> list[Nomination]:
    """The nominations of ``selection`` the user may see, each with ``reasons`` (why the nominee
    is not eligible now; empty when eligible), in a fixed number of queries."""
    rows = list(
        Nomination.objects.visible_to(user)
        .filter(selection=selection)
        .select_related("honour_type", "person", "department")
        .order_by("honour_type_id", "id")
    )
    reasons = nomination_reasons([n for n in rows if n.status in ACTIVE], selection.year)
    for n in rows:
        n.reasons = reasons.get(n.pk, [])
    return rows


def vote_counts(selection: Selection, now=None) -> dict[int, int]:
    """Votes per nomination in the selection's closed votes (one query; open votes count
    nothing: their results are hidden)."""
    now = now or timezone.now()
    closed = Q(ballot__session__status=VoteSession.Status.CLOSED) | Q(ballot__session__closes_at__lte=now)
    rows = (
        BallotChoice.objects.filter(closed, ballot__session__selection=selection)
        .values("nomination_id")
        .annotate(n=Count("pk"))
        .values_list("nomination_id", "n")
    )
    return dict(rows)


def published_list(selection: Selection):
    """The honoured (published) or, during the 公示, the nominees on notice."""
    status = Nomination.Status.AWARDED if selection.status == Selection.Status.PUBLISHED else Nomination.Status.APPROVED
    return (
        Nomination.objects.filter(selection=selection, status=status)
        .select_related("honour_type", "person", "department")
        .order_by("honour_type_id", "department__sort_order", "id")
    )


def person_honours(person: Person):
    """A person's honours over the years (awarded nominations), newest first."""
    return (
        Nomination.objects.filter(person=person, status=Nomination.Status.AWARDED)
        .select_related("honour_type", "selection")
        .order_by("-selection__year", "honour_type__name")
    )


def my_votes(user):
    """Open or recent votes whose roster names the user's person."""
    person = Person.objects.filter(user=user).first() if user.is_authenticated else None
    if person is None:
        return VoteSession.objects.none()
    return (
        VoteSession.objects.filter(pk__in=Voter.objects.filter(person=person).values("session_id"))
        .select_related("selection", "honour_type")
        .order_by("-opens_at")
    )


def selection_counts(selections):
    """Nomination counts per selection (one query): {selection id: {"all": n, "approved": n}}."""
    rows = (
        Nomination.objects.filter(selection__in=selections)
        .exclude(status=Nomination.Status.WITHDRAWN)
        .values("selection_id")
        .annotate(n=Count("pk"), approved=Count("pk", filter=Q(status__in=("approved", "awarded"))))
    )
    return {r["selection_id"]: {"all": r["n"], "approved": r["approved"]} for r in rows}
