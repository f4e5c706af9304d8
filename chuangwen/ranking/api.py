"""The bureau's ranking of its units (卫健委排名): the API, scoped like the pages. The ranking
and trends read the snapshots a supervisor may see (anyone else: an empty list; a unit outside
the region: 404). Bulletins
are read by the bureau and by the units they went to; publishing is the supervisor's."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from chuangwen.api.access import get_visible, visible
from chuangwen.api.pagination import Pagination
from chuangwen.audit.services import download_record
from chuangwen.core.files import file_response
from chuangwen.dashboard import progress
from chuangwen.reports.documents import DOCX_TYPE

from . import selectors, services
from .models import RankingBulletin, UnitSnapshot
from .schemas import RankingBulletinIn, RankingBulletinOut, RankingFilter, RankingRowOut, TrendOut

router = Router(tags=["ranking"])


def _month(value: str | None, user) -> datetime.date:
    if value:
        year, month = (int(p) for p in value.split("-"))
        return datetime.date(year, month, 1)
    return selectors.latest_month() or progress.local_today().replace(day=1)


@router.get("/units", response=list[RankingRowOut], summary="辖区单位创建排名（主管部门）")
@paginate(Pagination)
def ranking_list(request, filters: Query[RankingFilter]):
    user = request.auth_user
    region = None
    if filters.region is not None:
        region = progress.bureau_regions(user).filter(pk=filters.region).first()
        if region is None:  # a region outside the caller's: nothing to rank, as for a missing one
            return UnitSnapshot.objects.none()
    return selectors.ranking_rows(user, month=_month(filters.month, user), region=region, sort=filters.sort)


@router.get("/units/{int:unit_id}/trend", response=TrendOut, summary="单位近 12 个月的排名数据")
def unit_trend(request, unit_id: int, month: Query[RankingFilter]):
    user = request.auth_user
    when = _month(month.month, user)
    if not selectors.snapshots(user).filter(unit_id=unit_id).exists():
        raise Http404
    months, series = selectors.trends([unit_id], month=when)
    data = series.get(unit_id, {f: [None] * selectors.MONTHS for f in selectors.TREND_FIELDS})
    return {"unit_id": unit_id, "months": [f"{m:%Y-%m}" for m in months], **data}


@router.get("/bulletins", response=list[RankingBulletinOut], summary="排名通报")
@paginate(Pagination)
def bulletin_list(request):
    return visible(request, RankingBulletin.objects.all()).order_by("-created_at", "-id")


@router.post("/bulletins", response={201: RankingBulletinOut}, summary="发布排名通报（主管部门）")
def bulletin_create(request, payload: RankingBulletinIn):
    if not services.may_publish(request.auth_user):
        raise PermissionDenied
    b = services.bulletin_publish(user=request.auth_user, month=_month(payload.month, None), note=payload.note)
    return Status(201, b)


@router.get("/bulletins/{int:ranking_bulletin_id}", response=RankingBulletinOut, summary="排名通报详情")
def bulletin_detail(request, ranking_bulletin_id: int):
    return get_visible(request, RankingBulletin.objects.all(), ranking_bulletin_id)


@router.get(
    "/bulletins/{int:ranking_bulletin_id}/docx", summary="下载排名通报（.docx）", url_name="ranking_bulletin_docx"
)
def bulletin_docx(request, ranking_bulletin_id: int):
    b = get_visible(request, RankingBulletin.objects.all(), ranking_bulletin_id)
    name = f"{b.title}（第{b.number}期）.docx"
    download_record(request=request, target=b, kind="ranking_bulletin", via="api", filename=name)
    return file_response(b.file, content_type=DOCX_TYPE, filename=name, inline=False)
