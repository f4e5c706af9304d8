"""The honours API (评先评优), scoped like the pages: outside the scope 404, visible but not
yours to act on 403. A vote is cast here and its results read once it is closed (409 before);
no operation lists or returns a ballot."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_visible, referenced, visible
from chuangwen.api.errors import APIError, field_error
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import ErrorOut
from chuangwen.org.models import Department, Person

from . import selectors, services, votes
from .models import HonourType, Nomination, Selection, VoteSession
from .schemas import (
    HonourBallotIn,
    HonourBallotOut,
    HonourEligibilityFilter,
    HonourEligibilityOut,
    HonourNominationIn,
    HonourNominationOut,
    HonourResultsOut,
    HonourSelectionOut,
    HonourTypeOut,
    HonourVoteOut,
)

router = Router(tags=["honours"])


@router.get("/types", response=list[HonourTypeOut], summary="荣誉类型")
@paginate(Pagination)
def type_list(request):
    return visible(request, HonourType.objects.filter(is_active=True)).order_by("code", "id")


@router.get("/selections", response=list[HonourSelectionOut], summary="评选列表")
@paginate(Pagination)
def selection_list(request, year: int | None = None):
    qs = visible(request, Selection.objects.prefetch_related("honour_types"))
    return qs.filter(year=year) if year else qs


@router.get("/selections/{int:selection_id}", response=HonourSelectionOut, summary="评选详情")
def selection_detail(request, selection_id: int):
    return get_visible(request, Selection.objects.prefetch_related("honour_types"), selection_id)


@router.get("/selections/{int:selection_id}/nominations", response=list[HonourNominationOut], summary="推荐及资格审查")
def nomination_list(request, selection_id: int):
    selection = get_visible(request, Selection.objects.all(), selection_id)
    return selectors.nominations_with_reasons(request.auth_user, selection)


def _nominee(request, selection, payload):
    in_unit = _("Not found in this unit.")
    person = referenced(request, Person.objects.filter(unit_id=selection.unit_id), payload.person, "person", in_unit)
    department = referenced(
        request, Department.objects.filter(unit_id=selection.unit_id), payload.department, "department", in_unit
    )
    honour_type = referenced(request, selection.honour_types.all(), payload.honour_type, "honour_type")
    if honour_type.subject == HonourType.Subject.PERSON and person is None:
        raise field_error("person", _("Choose the staff member nominated."))
    if honour_type.subject == HonourType.Subject.DEPARTMENT and department is None:
        raise field_error("department", _("Choose the department nominated."))
    return honour_type, person, department


@router.get(
    "/selections/{int:selection_id}/eligibility", response=HonourEligibilityOut, summary="资格审查（推荐前查询）"
)
def eligibility(request, selection_id: int, query: Query[HonourEligibilityFilter]):
    selection = get_visible(request, Selection.objects.all(), selection_id)
    honour_type, person, department = _nominee(request, selection, query)
    reasons = services.eligibility_check(
        selection=selection, honour_type=honour_type, person=person, department=department
    )
    return {"eligible": not reasons, "reasons": reasons}


@router.post(
    "/selections/{int:selection_id}/nominations",
    response={201: HonourNominationOut},
    summary="推荐（不符合资格的被拒绝并说明原因）",
)
def nomination_create(request, selection_id: int, payload: HonourNominationIn):
    selection = get_visible(request, Selection.objects.all(), selection_id)
    honour_type, person, department = _nominee(request, selection, payload)
    nomination = services.nomination_create(
        user=request.auth_user, selection=selection, honour_type=honour_type, channel=payload.channel,
        reason=payload.reason, person=person, department=department,
    )  # fmt: skip
    nomination = Nomination.objects.select_related("honour_type", "person", "department").get(pk=nomination.pk)
    nomination.reasons = []
    return Status(201, nomination)


def _vote_out(request, session: VoteSession) -> dict:
    user = request.auth_user
    return {
        **{f: getattr(session, f) for f in ("id", "selection_id", "honour_type_id", "title", "status")},
        **{f: getattr(session, f) for f in ("choices_limit", "quorum_percent", "opens_at", "closes_at")},
        "candidates": [
            {"id": c.pk, "nominee": c.nominee_name, "department_name": c.department.name}
            for c in session.candidates.select_related("person", "department").order_by("id")
        ],
        "may_vote": votes.may_vote(user, session),
        "has_voted": votes.has_voted(user, session),
        "turnout": votes.turnout(session),
    }


@router.get("/votes", response=list[HonourVoteOut], summary="投票列表")
def vote_list(request, selection: int | None = None):
    qs = visible(request, VoteSession.objects.all())
    if selection is not None:
        qs = qs.filter(selection_id=selection)
    return [_vote_out(request, s) for s in qs[:100]]


@router.get("/votes/{int:vote_id}", response=HonourVoteOut, summary="投票详情（候选人、投票进度）")
def vote_detail(request, vote_id: int):
    return _vote_out(request, get_visible(request, VoteSession.objects.all(), vote_id))


@router.post("/votes/{int:vote_id}/ballot", response={201: HonourBallotOut}, summary="投票（不记名，每人一次）")
def ballot_cast(request, vote_id: int, payload: HonourBallotIn):
    session = get_visible(request, VoteSession.objects.all(), vote_id)
    votes.ballot_cast(user=request.auth_user, session=session, choices=payload.choices)
    return Status(201, {"recorded": True})


@router.get(
    "/votes/{int:vote_id}/results", response={200: HonourResultsOut, 409: ErrorOut}, summary="投票结果（截止后）"
)
def vote_results(request, vote_id: int):
    session = get_visible(request, VoteSession.objects.all(), vote_id)
    try:
        result = votes.tally(session)
    except votes.ResultsHidden:
        raise APIError(409, _("The results are shown once the vote is closed.")) from None
    rows = [
        {"rank": r["rank"], "nomination_id": r["nomination"].pk, "nominee": r["nomination"].nominee_name,
         "votes": r["votes"], "percent": r["percent"]}
        for r in result["rows"]
    ]  # fmt: skip
    return {"vote_id": session.pk, "ballots": result["ballots"], "turnout": result["turnout"], "rows": rows}
