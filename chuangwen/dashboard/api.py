"""The dashboard API: a campaign's progress, the bureau's table over its hospitals, and the
caller's own notifications. Scoped exactly like the pages (another unit's campaign is 404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router
from ninja.pagination import paginate

from chuangwen.api.access import get_visible
from chuangwen.api.pagination import Pagination
from chuangwen.api.schemas import ErrorOut
from chuangwen.campaigns.models import Campaign

from . import progress, selectors, services
from .progress_views import is_bureau_user
from .schemas import BureauFilter, BureauRowOut, CampaignProgressOut, NotificationOut, ReadAllOut

router = Router(tags=["dashboard"])


@router.get("/campaigns/{int:campaign_id}/progress", response=CampaignProgressOut, summary="创建进度")
def campaign_progress(request, campaign_id: int):
    campaign = get_visible(request, Campaign.objects.select_related("unit"), campaign_id)
    p = progress.campaign_progress(campaign, user=request.auth_user)
    return {
        "campaign_id": campaign.pk,
        "campaign_name": campaign.name,
        "unit_id": campaign.unit_id,
        "unit_name": campaign.unit.name,
        "target_level": campaign.target_level,
        "today": p.today,
        "review_starts_on": p.review_starts_on,
        "days_to_review": p.days_to_review,
        "overall": _score(p.overall),
        "tasks": {**vars(p.tasks), "completion": p.tasks.completion},
        "aspects": [
            {
                "id": a.id,
                "code": a.code,
                "title": a.title,
                "score": _score(a.score),
                "indicators": [
                    {"id": i.id, "code": i.code, "title": i.title, "score": _score(i.score), "items": i.items}
                    for i in a.indicators
                ],
            }
            for a in p.aspects
        ],
        "departments": [{**vars(d), "completion": d.completion} for d in p.departments],
        "overdue_tasks": p.overdue_tasks,
        "readiness": _readiness(p.readiness),
    }


def _readiness(r) -> dict:
    return {
        "pass_percent": r.pass_percent,
        "score_percent": r.score_percent,
        "projected_percent": r.projected_percent,
        "reached": r.reached,
        "projected_reaches": r.projected_reaches,
        "eligible": r.eligible,
        "vetoes": [{"condition": v.condition.name, "occurred_on": v.occurred_on, "record": v.record} for v in r.vetoes],
    }


def _score(s: progress.Score) -> dict:
    return {**vars(s), "unmet": s.unmet, "percent": s.percent}


@router.get(
    "/bureau",
    response={200: list[BureauRowOut], 403: ErrorOut, 404: ErrorOut},
    summary="辖区创建进度（各单位；非卫健局用户 403，辖区外的行政区划 404）",
)
@paginate(Pagination)
def bureau_table(request, filters: Query[BureauFilter]):
    user = request.auth_user
    if not is_bureau_user(user):
        raise PermissionDenied
    region = None
    if filters.region is not None:
        region = progress.bureau_regions(user).filter(pk=filters.region).first()
        if region is None:
            raise Http404
    return progress.bureau_units(user, region=region, category=filters.category, q=filters.q, sort=filters.sort)


@router.get("/notifications", response=list[NotificationOut], summary="我的消息")
@paginate(Pagination)
def notification_list(request, unread: bool = False):
    return selectors.user_notifications(request.auth_user, unread_only=unread)


@router.post("/notifications/{int:notification_id}/read", response=NotificationOut, summary="标记消息已读")
def notification_read(request, notification_id: int):
    n = selectors.user_notifications(request.auth_user).filter(pk=notification_id).first()
    if n is None:
        raise Http404
    return services.notification_mark_read(user=request.auth_user, notification=n)


@router.post("/notifications/read-all", response=ReadAllOut, summary="全部标记已读")
def notifications_read_all(request):
    return {"marked": services.notifications_mark_all_read(user=request.auth_user)}
